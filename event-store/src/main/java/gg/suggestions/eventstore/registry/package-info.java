/**
 * Logical event type names: the registry that maps them to contract classes and revisions, and the
 * Axon serializer that writes those names instead of Java class names.
 */
package gg.suggestions.eventstore.registry;
