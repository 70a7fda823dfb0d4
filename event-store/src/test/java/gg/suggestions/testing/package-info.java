/**
 * Test support shared by every module through event-store's test-jar: real Kafka clusters and a
 * real PostgreSQL, started in-process without Docker.
 */
package gg.suggestions.testing;
