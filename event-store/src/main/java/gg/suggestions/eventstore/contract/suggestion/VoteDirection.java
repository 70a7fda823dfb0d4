package gg.suggestions.eventstore.contract.suggestion;

/** Which button a member pressed. */
public enum VoteDirection {
  UP,
  DOWN
}
