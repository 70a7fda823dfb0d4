package gg.suggestions.query.projection;

import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.log.KafkaTrackingToken;
import gg.suggestions.eventstore.retry.RetryLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * One projection's processor: Axon's pooled streaming processor over the event log, with its token
 * in the projection's own schema, written in the same PostgreSQL transaction as the projection's
 * rows, so each event is applied exactly once, even when the database loses acknowledged commits
 * ({@link GuardedTokenStore}). Failed events go to the schema's dead letters.
 */
public final class ProjectionProcessor {

  private static final int BATCH_SIZE = 200;

  private ProjectionProcessor() {}

  /**
   * Creates or upgrades the projection's schema {@code p_<name>}: processing tables and its own.
   */
  public static void migrate(DataSource dataSource, String name) {
    migrate(dataSource, name, schemaOf(name));
  }

  /** Creates or upgrades projection {@code name}'s tables in {@code schema}, such as a shadow. */
  static void migrate(DataSource dataSource, String name, String schema) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .locations("classpath:db/projection/common", "classpath:db/projection/" + name)
        .load()
        .migrate();
  }

  public static String schemaOf(String name) {
    return "p_" + name;
  }

  /**
   * A processor named {@code name} that feeds {@code handlers}; start it with {@code start()}.
   *
   * @param transactions the transaction manager of {@code dataSource}: the handlers' JDBC calls and
   *     the token store join its transactions
   */
  public static PooledStreamingEventProcessor create(
      String name,
      List<Object> handlers,
      StreamableMessageSource<TrackedEventMessage<?>> log,
      DataSource dataSource,
      PlatformTransactionManager transactions) {
    return create(
        name, handlers, log, dataSource, transactions, retries(name), NoOpMessageMonitor.INSTANCE);
  }

  /**
   * As {@link #create}, logging a database that keeps failing through {@code retries}, and telling
   * {@code monitor} of every event.
   */
  static PooledStreamingEventProcessor create(
      String name,
      List<Object> handlers,
      StreamableMessageSource<TrackedEventMessage<?>> log,
      DataSource dataSource,
      PlatformTransactionManager transactions,
      RetryLog retries,
      MessageMonitor<? super EventMessage<?>> monitor) {
    String schema = schemaOf(name);
    List<Object> all = new ArrayList<>(handlers);
    all.add(new UnknownEvents());
    var invoker =
        SimpleEventHandlerInvoker.builder()
            .eventHandlers(all)
            // Failures reach DeadLetters, which decides: dead letter, or retry the batch.
            .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
            .build();
    var processor =
        PooledStreamingEventProcessor.builder()
            .name(name)
            .eventHandlerInvoker(invoker)
            .messageSource(log)
            .messageMonitor(monitor)
            .tokenStore(guardedTokenStore(schema, dataSource))
            .transactionManager(
                new WatchedTransactions(new SpringTransactionManager(transactions), retries))
            .coordinatorExecutor(daemon(name + "-coordinator"))
            .workerExecutor(daemon(name + "-worker"))
            .initialSegmentCount(1)
            .batchSize(BATCH_SIZE)
            .initialToken(StreamableMessageSource::createTailToken)
            .build();
    processor.registerHandlerInterceptor(
        new DeadLetters(name, schema, new JdbcTemplate(dataSource), transactions, retries));
    return processor;
  }

  /** How projection {@code name} logs a database that keeps failing. */
  static RetryLog retries(String name) {
    return new RetryLog(LoggerFactory.getLogger(ProjectionProcessor.class), "Projection " + name);
  }

  /**
   * Puts the processor of projection {@code name} back to {@code start} (per partition; the
   * beginning where none is named): its next run replays from there. Only while no node runs it.
   */
  public static void resetToken(DataSource dataSource, String name, Map<Integer, Long> start) {
    String schema = schemaOf(name);
    new JdbcTemplate(dataSource).update("DELETE FROM " + schema + ".token_entry");
    tokenStore(schema, dataSource).initializeTokenSegments(name, 1, KafkaTrackingToken.of(start));
  }

  /**
   * The token store of the projection whose schema is {@code schema}; the processor and the rebuild
   * write tokens through it, so both write the same format.
   */
  static JdbcTokenStore tokenStore(String schema, DataSource dataSource) {
    return tokenStoreBuilder(schema, dataSource).build();
  }

  /** As {@link #tokenStore}, refusing to write over a token the database lost: for live runs. */
  static JdbcTokenStore guardedTokenStore(String schema, DataSource dataSource) {
    return new GuardedTokenStore(tokenStoreBuilder(schema, dataSource));
  }

  private static JdbcTokenStore.Builder tokenStoreBuilder(String schema, DataSource dataSource) {
    return JdbcTokenStore.builder()
        .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
        .schema(
            TokenSchema.builder()
                .setTokenTable(schema + ".token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build())
        .serializer(tokenSerializer());
  }

  /** How tokens are written to and read from the token table. */
  public static Serializer tokenSerializer() {
    return JacksonSerializer.builder().objectMapper(EnvelopeCodec.defaultMapper()).build();
  }

  private static ScheduledExecutorService daemon(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, threadName);
          thread.setDaemon(true);
          return thread;
        });
  }
}
