/** Benchmarks run by {@code ./mvnw -Pbench verify}, never by CI; results go to target/bench. */
package gg.suggestions.deploy.bench;
