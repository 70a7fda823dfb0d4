package gg.suggestions.eventstore.topic;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How long a client on the write path (the requester, the command nodes' consumer and writers)
 * waits for one broker's answer before it gives up on the request, refreshes its metadata and tries
 * the new leader.
 *
 * <p>A broker that dies closes its connections, and clients move on at once. A broker that hangs (a
 * long pause, a full disk) or is cut off by the network closes nothing: Kafka's default of 30 s
 * kept every command of its partitions waiting until it came back. The controller fences a silent
 * broker within its session timeout (2 s on our clusters) and elects new leaders. A paused broker
 * is the worst case: the kernel still accepts its connections, so a client picks it again and again
 * for metadata, coordinator lookups and commits, losing a whole request timeout each time; at 5 s a
 * SIGSTOPped broker cost 19-26 s of unavailability per fault in the drill, as a consumer missed its
 * session on the new coordinator and a commit waited out its 10 s bound. 2 s is still far above a
 * healthy answer (a fetch waits at most 500 ms, an {@code acks=all} write milliseconds); a request
 * that times out is retried, safely: every producer here is idempotent.
 */
public final class WritePathTimeouts {

  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How long a new connection may take to be set up. A broker cut off by the network drops the
   * connection attempt silently, and Kafka's default (10 s, growing to 30 s) kept a client that
   * picked it for a metadata request waiting that long before it asked another broker; on a local
   * network a connection is set up in a millisecond.
   */
  public static final Duration CONNECTION_SETUP = Duration.ofSeconds(1);

  private static final Duration CONNECTION_SETUP_MAX = Duration.ofSeconds(5);

  /**
   * The longest pause between retries of a failed request. While a dead leader is not yet replaced
   * (the brokers' 2 s session), every retry finds the old leader and backs off further; Kafka's 1 s
   * ceiling left a client up to a second behind the new leader once it was elected, on every hop of
   * a command (its send, the transaction, the reply). 250 ms costs a few more metadata requests
   * during an outage.
   */
  public static final Duration RETRY_BACKOFF_MAX = Duration.ofMillis(250);

  /**
   * The longest any blocking call of a producer or consumer on the write path waits (Kafka's
   * default is 60 s): a send waiting for metadata, a commit, a committed-offset or end-offset
   * lookup. A leader or coordinator moves within seconds; a call that waits longer fails, and its
   * caller retries on its own terms.
   */
  public static final Duration BLOCKING_CALL = Duration.ofSeconds(10);

  private WritePathTimeouts() {}

  /**
   * {@code config} with the write path's request and connection timeouts, unless it already sets
   * them; for any client.
   */
  public static Map<String, Object> applyTo(Map<String, Object> config) {
    Map<String, Object> with = new HashMap<>(config);
    with.putIfAbsent(
        CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
    with.putIfAbsent(
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, CONNECTION_SETUP.toMillis());
    with.putIfAbsent(
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        CONNECTION_SETUP_MAX.toMillis());
    with.putIfAbsent(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, RETRY_BACKOFF_MAX.toMillis());
    return with;
  }

  /** As {@link #applyTo}, with the bound on every blocking call of a producer. */
  public static Map<String, Object> producer(Map<String, Object> config) {
    Map<String, Object> with = applyTo(config);
    with.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, BLOCKING_CALL.toMillis());
    return with;
  }

  /** As {@link #applyTo}, with the bound on every blocking call of a consumer. */
  public static Map<String, Object> consumer(Map<String, Object> config) {
    Map<String, Object> with = applyTo(config);
    with.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BLOCKING_CALL.toMillis());
    return with;
  }
}
