/** A real three-broker KRaft cluster on one machine, without Docker, for drills and benchmarks. */
package gg.suggestions.deploy.localcluster;
