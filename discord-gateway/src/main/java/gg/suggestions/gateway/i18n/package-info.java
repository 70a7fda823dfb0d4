/** What users read: replies rendered from the command service's answers, in their locale. */
package gg.suggestions.gateway.i18n;
