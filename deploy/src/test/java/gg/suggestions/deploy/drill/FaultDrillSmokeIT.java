package gg.suggestions.deploy.drill;

/**
 * The fault drill at its defaults (six single faults, about 10 s apart, under 10 commands/s) as
 * part of the test run: a smoke of about five minutes with the same checkers as a long run, on a
 * random seed that its report names. Long runs: {@code ./mvnw -Pdrills verify -pl deploy
 * -Ddrill.faults=300}. Skipped where network namespaces are not available (not root).
 */
class FaultDrillSmokeIT extends FaultDrill {}
