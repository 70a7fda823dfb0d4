/** The all-in-one application: one jar hosting every service, plus its operator sub-commands. */
package gg.suggestions.deploy;
