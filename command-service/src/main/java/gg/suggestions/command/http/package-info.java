/** {@code POST /commands}: the HTTP route onto the command topic, behind a bearer token. */
package gg.suggestions.command.http;
