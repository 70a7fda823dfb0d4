package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.retry.RetryLog;
import org.axonframework.common.transaction.Transaction;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.CannotCreateTransactionException;

class WatchedTransactionsTest {

  private final RetryLog retries =
      new RetryLog(LoggerFactory.getLogger(getClass()), "Projection x");
  private int refusals = 3;
  private final WatchedTransactions transactions =
      new WatchedTransactions(
          () -> {
            if (refusals-- > 0) {
              throw new CannotCreateTransactionException("Connection refused");
            }
            return new Transaction() {
              @Override
              public void commit() {}

              @Override
              public void rollback() {}
            };
          },
          retries);

  @Test
  void countsADatabaseThatRefusesTransactionsAndSaysWhatTheProjectionIsStuckOn() {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(transactions::startTransaction)
          .isInstanceOf(CannotCreateTransactionException.class);
    }

    assertThat(retries.attempts()).isEqualTo(3);
    assertThat(retries.stuckOn())
        .hasValueSatisfying(s -> assertThat(s).contains("its database", "Connection refused"));
  }

  @Test
  void aCommitClearsTheFailure() {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(transactions::startTransaction).isNotNull();
    }

    transactions.startTransaction().commit();

    assertThat(retries.attempts()).isZero();
    assertThat(retries.stuckOn()).isEmpty();
  }
}
