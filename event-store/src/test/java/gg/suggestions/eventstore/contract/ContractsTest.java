package gg.suggestions.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.registry.EventTypeRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

class ContractsTest {

  private final Set<JavaClass> records =
      new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages("gg.suggestions.eventstore.contract")
              .stream()
              .filter(JavaClass::isRecord)
              .collect(Collectors.toSet());

  @Test
  void everyEventRecordIsPublishedExactlyOnce() {
    Set<String> events =
        records.stream()
            .filter(c -> c.isAnnotatedWith(Revision.class))
            .map(JavaClass::getName)
            .collect(Collectors.toSet());

    List<String> published = Contracts.events().stream().map(Class::getName).toList();

    assertThat(published).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void contractNamesCarryNoCommandOrEventSuffix() {
    assertThat(records)
        .extracting(JavaClass::getSimpleName)
        .noneMatch(name -> name.endsWith("Command") || name.endsWith("Event"));
  }

  @Test
  void theRegistryRefusesTwoEventsWithOneLogicalType() {
    assertThatThrownBy(
            () -> EventTypeRegistry.of(List.of(GuildToggleSet.class, other.GuildToggleSet.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share the logical type GuildToggleSet");
  }

  @Test
  void theRegistryRefusesAnEventWithoutRevision() {
    assertThatThrownBy(() -> EventTypeRegistry.of(List.of(Unrevised.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a @Revision");
  }

  record Unrevised(String id) {}

  private static final class other {
    @Revision("1")
    record GuildToggleSet(String guildId) {}
  }
}
