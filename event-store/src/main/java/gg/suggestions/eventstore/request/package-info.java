/** Sending a command and awaiting its reply: what every requester (gateway, HTTP) does. */
package gg.suggestions.eventstore.request;
