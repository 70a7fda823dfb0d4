/**
 * The HTTP edge of the process: every refusal, from Tomcat's parser to a controller, answered as an
 * RFC 9457 problem document, and the OpenAPI document of the APIs.
 */
package gg.suggestions.deploy.http;
