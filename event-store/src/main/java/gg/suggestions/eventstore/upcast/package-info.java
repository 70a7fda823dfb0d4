/**
 * Upcasters that read every published event version as the current contract. One class per step,
 * named {@code <Type>V<n>ToV<n+1>}; old golden files keep each step honest.
 */
package gg.suggestions.eventstore.upcast;
