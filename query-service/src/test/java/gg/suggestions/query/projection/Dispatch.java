package gg.suggestions.query.projection;

import gg.suggestions.eventstore.log.KafkaEventLogSource;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;

/**
 * Feeds a projection its events through Axon's annotation dispatch, as its processor and a rebuild
 * do, for unit tests of its rules over a memory store.
 */
public final class Dispatch {

  private final AnnotationEventHandlerAdapter handlers;

  public Dispatch(Object projection) {
    this.handlers = new AnnotationEventHandlerAdapter(projection);
  }

  /** Event {@code sequence} of aggregate {@code aggregateId}, at {@code at}. */
  public void event(String aggregateId, long sequence, Instant at, Object payload) {
    handle(
        new GenericDomainEventMessage<>(
            "Aggregate",
            aggregateId,
            sequence,
            payload,
            Map.of(),
            UUID.randomUUID().toString(),
            at));
  }

  /** An interaction record read from {@code partition} of its topic. */
  public void interaction(int partition, Object interaction) {
    handle(
        new GenericEventMessage<>(
            interaction, MetaData.with(KafkaEventLogSource.PARTITION, partition)));
  }

  private void handle(org.axonframework.eventhandling.EventMessage<?> message) {
    try {
      handlers.handle(message);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
