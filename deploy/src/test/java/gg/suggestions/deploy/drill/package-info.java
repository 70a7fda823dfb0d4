/** Fault drills in Jepsen's style: a history under load, a random schedule of faults, checkers. */
package gg.suggestions.deploy.drill;
