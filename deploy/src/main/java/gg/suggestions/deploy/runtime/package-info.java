/**
 * Start-up of the platform: configuration from the environment, the embedded default runtime (a
 * local broker and database under one data folder) and the checks that refuse bad settings.
 */
package gg.suggestions.deploy.runtime;
