/**
 * The platform's Kafka topics, their production settings, and provisioning that creates missing
 * topics and refuses existing ones that would weaken durability or ordering.
 */
package gg.suggestions.eventstore.topic;
