/** Message components (buttons): the codecs of their ids and what pressing them sends. */
package gg.suggestions.gateway.component;
