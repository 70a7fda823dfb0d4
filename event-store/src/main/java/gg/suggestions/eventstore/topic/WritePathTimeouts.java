package gg.suggestions.eventstore.topic;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How long a client on the write path (the requester, the command nodes' consumer and writers)
 * waits for one broker's answer before it gives up on the request, refreshes its metadata and tries
 * the new leader.
 *
 * <p>A broker that dies closes its connections, and clients move on at once. A broker that hangs (a
 * long pause, a full disk) or is cut off by the network closes nothing: Kafka's default of 30 s
 * kept every command of its partitions waiting until it came back. The controller fences a silent
 * broker within its session timeout (3 s on our clusters) and elects new leaders; 5 s is enough for
 * that and well above a healthy answer (a fetch waits at most 500 ms, an {@code acks=all} write
 * milliseconds). Retries are safe: every producer here is idempotent.
 */
public final class WritePathTimeouts {

  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private WritePathTimeouts() {}

  /** {@code config} with the write path's request timeout, unless it already sets one. */
  public static Map<String, Object> applyTo(Map<String, Object> config) {
    Map<String, Object> with = new HashMap<>(config);
    with.putIfAbsent(
        CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
    return with;
  }
}
