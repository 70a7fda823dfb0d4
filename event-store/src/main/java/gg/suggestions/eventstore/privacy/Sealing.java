package gg.suggestions.eventstore.privacy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import gg.suggestions.eventstore.contract.Personal;
import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals an event payload's {@link Personal} fields with their member's data key before it goes to
 * the log, and opens them again for the readers that hold the keys. A field whose key was forgotten
 * opens as {@value #REMOVED} (a text) or as the member's pseudonym (an id): that is the normal
 * outcome for a forgotten member, not a failure. Plaintext written before sealing existed passes
 * through unchanged.
 *
 * <p>Seal and open work on the payload's JSON tree, between the contract classes and the envelope,
 * so every consumer of the log, the replica in PostgreSQL included, holds only ciphertext and key
 * ids.
 */
public final class Sealing {

  private static final Logger log = LoggerFactory.getLogger(Sealing.class);

  /** What a forgotten member's text reads as. */
  public static final String REMOVED = "[removed]";

  /** The prefix of a forgotten member's pseudonym. */
  public static final String PSEUDONYM_PREFIX = "forgotten-";

  /** No keys: payloads pass as they are (a node without a master key, and most tests). */
  public static final Sealing NONE = new Sealing(null, null);

  private static volatile Sealing process = NONE;

  private final MemberKeys ring;
  private final FieldCipher cipher;
  private final Map<Class<?>, List<Field>> fields = new ConcurrentHashMap<>();

  private Sealing(MemberKeys ring, FieldCipher cipher) {
    this.ring = ring;
    this.cipher = cipher;
  }

  public static Sealing with(MemberKeys ring, SecureRandom random) {
    return new Sealing(ring, new FieldCipher(random));
  }

  public boolean isEnabled() {
    return ring != null;
  }

  /** The members' keys this sealing uses; empty without a master key. */
  public Optional<MemberKeys> keys() {
    return Optional.ofNullable(ring);
  }

  /**
   * Makes {@code sealing} the one of this process: the platform installs it once at start, when it
   * has a master key, before it reads or writes any event. Readers and writers built without a
   * sealing of their own use it (the projections' catalog is static).
   */
  public static void install(Sealing sealing) {
    process = sealing;
  }

  /** This process's sealing; {@link #NONE} until one is installed. */
  public static Sealing process() {
    return process;
  }

  /** A personal component of a contract, and the component naming its member. */
  record Field(String name, String subject) {}

  /** The personal components of {@code type}; none for a class that is no record. */
  static List<Field> personalFields(Class<?> type) {
    List<Field> found = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        Personal personal = component.getAnnotation(Personal.class);
        if (personal != null) {
          found.add(new Field(component.getName(), personal.of()));
        }
      }
    }
    return List.copyOf(found);
  }

  /**
   * Seals {@code payload}'s personal fields, in place.
   *
   * @throws IllegalArgumentException if a member id a field needs is missing or no Discord id
   */
  public void seal(Class<?> type, JsonNode payload) {
    if (ring == null || !(payload instanceof ObjectNode object)) {
      return;
    }
    List<Field> personal = fields.computeIfAbsent(type, Sealing::personalFields);
    // Every member's key first: a member id is itself one of the fields sealed.
    Map<String, DataKey> keyOf = new HashMap<>();
    for (Field field : personal) {
      JsonNode value = object.get(field.name());
      if (value == null || value.isNull() || keyOf.containsKey(field.subject())) {
        continue;
      }
      JsonNode subject = object.get(field.subject());
      if (subject == null || !subject.isTextual()) {
        throw new IllegalArgumentException(
            type.getSimpleName() + "." + field.name() + " has no member in " + field.subject());
      }
      if (!FieldCipher.isSealed(subject.asText())) {
        keyOf.put(field.subject(), ring.keyFor(subject.asText()));
      }
    }
    for (Field field : personal) {
      DataKey key = keyOf.get(field.subject());
      if (key != null && object.hasNonNull(field.name())) {
        sealTexts(object, field.name(), field.name(), key);
      }
    }
  }

  /**
   * {@code memberId}, a member id outside any payload (the acting member in an event's metadata),
   * sealed with that member's own key as field {@code path}; as it is without keys, or when it is
   * no Discord id (a system actor).
   */
  public String sealId(String path, String memberId) {
    if (ring == null
        || memberId == null
        || memberId.isEmpty()
        || memberId.length() > 20
        || !memberId.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return memberId;
    }
    return cipher.seal(ring.keyFor(memberId), path, memberId);
  }

  /** One value read from the log: opened, as it is when not sealed, or replaced when forgotten. */
  public String openValue(String path, String value) {
    return FieldCipher.isSealed(value) ? open(path, value) : value;
  }

  private void sealTexts(ObjectNode parent, String name, String path, DataKey key) {
    JsonNode value = parent.get(name);
    if (value.isTextual() && !FieldCipher.isSealed(value.asText())) {
      parent.put(name, cipher.seal(key, path, value.asText()));
    } else if (value instanceof ObjectNode nested) {
      List<String> names = new ArrayList<>();
      nested.fieldNames().forEachRemaining(names::add);
      for (String child : names) {
        sealTexts(nested, child, path + "." + child, key);
      }
    }
  }

  /**
   * {@code payload} with every sealed value opened, or replaced when its key was forgotten; the
   * same tree when nothing in it is sealed, else a copy (the original stays sealed, for whoever
   * stores it).
   */
  public JsonNode open(JsonNode payload) {
    if (!(payload instanceof ObjectNode) || !containsSealed(payload)) {
      return payload;
    }
    ObjectNode copy = ((ObjectNode) payload).deepCopy();
    openAll(copy, "");
    return copy;
  }

  /**
   * {@code parser} of a payload, its sealed values read opened exactly as {@link #open(JsonNode)}
   * opens them in a tree, so a reader can bind the payload straight from its bytes.
   */
  public JsonParser opening(JsonParser parser) {
    return new OpeningParser(parser, this);
  }

  private static boolean containsSealed(JsonNode node) {
    if (node.isTextual()) {
      return FieldCipher.isSealed(node.asText());
    }
    for (JsonNode child : node) {
      if (containsSealed(child)) {
        return true;
      }
    }
    return false;
  }

  private void openAll(ObjectNode node, String prefix) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = prefix + entry.getKey();
      JsonNode value = entry.getValue();
      if (value.isTextual() && FieldCipher.isSealed(value.asText())) {
        entry.setValue(TextNode.valueOf(open(path, value.asText())));
      } else if (value instanceof ObjectNode nested) {
        openAll(nested, path + ".");
      }
    }
  }

  private String open(String path, String sealed) {
    String keyId;
    try {
      keyId = FieldCipher.keyIdOf(sealed);
    } catch (FieldCipher.Unopenable e) {
      log.warn("A sealed value of field {} is malformed; it reads as {}", path, REMOVED);
      return REMOVED;
    }
    Optional<DataKey> key = ring == null ? Optional.empty() : ring.key(keyId);
    if (key.isPresent()) {
      try {
        return cipher.open(key.get(), path, sealed);
      } catch (FieldCipher.Unopenable e) {
        // Altered on the way, or sealed for another field: never the value, only where.
        log.warn("A sealed value of field {} (key {}) does not open: {}", path, keyId, e.reason());
      }
    }
    return isId(path) ? pseudonym(keyId) : REMOVED;
  }

  /**
   * An upcaster that opens sealed fields with {@link #process()}, for readers that go through
   * Axon's own upcasting (the replica's JDBC engine); first in the chain, since a field is sealed
   * under the name it had then.
   */
  public static EventUpcaster processOpener() {
    return new SingleEventUpcaster() {
      @Override
      protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return true;
      }

      @Override
      protected IntermediateEventRepresentation doUpcast(
          IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
            representation.getType(), JsonNode.class, payload -> process().open(payload));
      }
    };
  }

  /**
   * Member ids are the fields named {@code ...Id} (a payload's {@code authorId}, the metadata's
   * {@code actorId}); texts are not (SealingTest checks the contracts keep to it).
   */
  static boolean isId(String path) {
    return path.substring(path.lastIndexOf('.') + 1).endsWith("Id");
  }

  /**
   * Whether {@code id} is a forgotten member's pseudonym ({@link #pseudonym}) rather than an id.
   */
  public static boolean isPseudonym(String id) {
    return id != null && PSEUDONYM.matcher(id).matches();
  }

  private static final Pattern PSEUDONYM =
      Pattern.compile(Pattern.quote(PSEUDONYM_PREFIX) + "[0-9a-f]{16}");

  /**
   * The acting member of a record of {@code type} (an event or a command type), sealed with their
   * key as field {@code path}; none for a forgetting, which names no member and would otherwise
   * make the member it forgets a new key.
   */
  public String sealActor(String type, String path, String actorId) {
    return FORGETTING_TYPES.contains(type) ? null : sealId(path, actorId);
  }

  private static final Set<String> FORGETTING_TYPES =
      Set.of(ForgetMember.class.getSimpleName(), MemberForgotten.class.getSimpleName());

  /**
   * Whose the forgotten keys {@code keyIds} were, each member with the pseudonym of their first key
   * (sorted), as far as this process's keys still know (from the keys' tombstones); the key ids
   * nobody is known for are left out.
   */
  public Map<String, String> forgottenMembers(Collection<String> keyIds) {
    Map<String, String> members = new LinkedHashMap<>();
    if (ring != null) {
      for (String keyId : keyIds.stream().sorted().toList()) {
        ring.forgottenMember(keyId).ifPresent(m -> members.putIfAbsent(m, pseudonym(keyId)));
      }
    }
    return members;
  }

  /**
   * A forgotten member's stand-in: stable for one data key, so their votes still count once each,
   * and once the key is gone nothing links it to the member.
   */
  public static String pseudonym(String keyId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(keyId.getBytes(StandardCharsets.UTF_8));
      return PSEUDONYM_PREFIX + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
