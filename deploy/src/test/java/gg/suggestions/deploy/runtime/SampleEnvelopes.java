package gg.suggestions.deploy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.testing.SampleCommands;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** {@link SampleCommands} as an HTTP client sends them, and the fields a test may spoil. */
final class SampleEnvelopes {

  private SampleEnvelopes() {}

  static List<String> types() {
    return List.copyOf(SampleCommands.all().keySet());
  }

  /** A valid envelope of {@code type} without the fields the endpoint fills in itself. */
  static ObjectNode asHttpClientsSendIt(String type) {
    ObjectNode envelope = SampleCommands.all().get(type);
    envelope.remove(List.of("commandId", "replyTo"));
    return envelope;
  }

  /** Any field of the envelope, nested ones included, as a dotted path. */
  static String randomField(ObjectNode envelope, Random random) {
    List<String> fields = new ArrayList<>();
    collect("", envelope, fields);
    return fields.get(random.nextInt(fields.size()));
  }

  private static void collect(String prefix, JsonNode node, List<String> fields) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String path = prefix + name;
      fields.add(path);
      if (node.get(name).isObject()) {
        collect(path + ".", node.get(name), fields);
      }
    }
  }

  static void set(ObjectNode envelope, String field, JsonNode value) {
    ObjectNode parent = envelope;
    String[] names = field.split("\\.");
    for (int i = 0; i < names.length - 1; i++) {
      parent = (ObjectNode) parent.get(names[i]);
    }
    parent.set(names[names.length - 1], value);
  }
}
