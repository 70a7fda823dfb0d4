package gg.suggestions.query.projection;

import gg.suggestions.eventstore.retry.RetryLog;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * A projection's transactions, watched for a database that keeps refusing them. Axon's pooled
 * processor retries such a failure forever, with a stack trace per attempt from its coordinator and
 * work packages (their loggers are set to ERROR); this logs it through a {@link RetryLog} instead,
 * and remembers what the projection is stuck on for its status.
 */
final class WatchedTransactions implements TransactionManager {

  static final String DATABASE = "its database";

  private final TransactionManager delegate;
  private final RetryLog retries;

  WatchedTransactions(TransactionManager delegate, RetryLog retries) {
    this.delegate = delegate;
    this.retries = retries;
  }

  @Override
  public Transaction startTransaction() {
    Transaction transaction;
    try {
      transaction = delegate.startTransaction();
    } catch (RuntimeException refused) {
      retries.failed(DATABASE, refused);
      throw refused;
    }
    return new Transaction() {
      @Override
      public void commit() {
        try {
          transaction.commit();
        } catch (RuntimeException refused) {
          retries.failed(DATABASE, refused);
          throw refused;
        }
        retries.passed();
      }

      @Override
      public void rollback() {
        transaction.rollback();
      }
    };
  }
}
