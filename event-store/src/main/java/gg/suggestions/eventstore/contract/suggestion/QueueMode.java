package gg.suggestions.eventstore.contract.suggestion;

/** How a queued suggestion is reviewed; an item keeps the mode it was queued in. */
public enum QueueMode {
  /** Reviewed with {@code /queue view}, an ephemeral pager. */
  VIRTUAL,
  /** Also posted to the queue channel with Approve and Reject buttons. */
  CHANNEL
}
