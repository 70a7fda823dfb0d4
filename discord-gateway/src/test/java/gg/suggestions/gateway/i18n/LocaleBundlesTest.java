package gg.suggestions.gateway.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every locale the bot speaks has every text of the en-GB reference, with the same arguments. */
class LocaleBundlesTest {

  static final List<String> LOCALES = List.of("en_US", "da", "de", "es_ES", "fr", "pt_BR", "tr");
  private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

  static List<String> bundles() {
    return LOCALES.stream()
        .flatMap(locale -> List.of("messages_" + locale, "commands_" + locale).stream())
        .toList();
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void hasExactlyTheKeysOfTheReference(String bundle) throws IOException {
    Properties reference = load(reference(bundle));
    Properties localised = load(bundle);

    assertThat(new TreeSet<>(localised.stringPropertyNames()))
        .as("keys of %s against %s", bundle, reference(bundle))
        .isEqualTo(new TreeSet<>(reference.stringPropertyNames()));
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void keepsEveryArgumentOfTheReference(String bundle) throws IOException {
    Properties reference = load(reference(bundle));
    Properties localised = load(bundle);

    for (String key : reference.stringPropertyNames()) {
      assertThat(arguments(localised.getProperty(key, "")))
          .as("arguments of %s in %s", key, bundle)
          .isEqualTo(arguments(reference.getProperty(key)));
    }
  }

  private static String reference(String bundle) {
    return bundle.substring(0, bundle.indexOf('_'));
  }

  private static Set<String> arguments(String pattern) {
    Set<String> found = new TreeSet<>();
    Matcher match = ARGUMENT.matcher(pattern);
    while (match.find()) {
      found.add(match.group(1));
    }
    return found;
  }

  static Properties load(String bundle) throws IOException {
    try (InputStream in =
        LocaleBundlesTest.class.getResourceAsStream("/i18n/" + bundle + ".properties")) {
      assertThat(in).as("i18n/%s.properties", bundle).isNotNull();
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return properties;
    }
  }
}
