/** The JDA bot and the effects consumer that turns events into Discord messages. */
package gg.suggestions.gateway;
