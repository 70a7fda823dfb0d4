package gg.suggestions.query.api;

import gg.suggestions.eventstore.limits.Limits;
import java.time.Duration;
import java.time.LocalDate;

/**
 * The query API's own limits, beside the platform's {@link Limits}: how much one request may ask
 * for, so that every query stays cheap and every value reaches PostgreSQL in a range it can store.
 */
final class QueryLimits {

  static final int MAX_PAGE_SIZE = 100;
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /** The longest span one statistics request may ask for. */
  static final int MAX_DAYS = 366;

  /** An autocomplete fragment: no longer than the ids it is matched against. */
  static final int CONTAINS_MAX = Limits.SHORT_ID_MAX;

  /** Days and instants outside these years are refused, not sent to PostgreSQL. */
  static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);

  static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  private QueryLimits() {}
}
