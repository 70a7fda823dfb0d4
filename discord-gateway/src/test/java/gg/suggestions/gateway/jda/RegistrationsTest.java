package gg.suggestions.gateway.jda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

class RegistrationsTest {

  private final Map<String, DataObject> registered =
      Registrations.all(DiscordGateway.slashCommands(), InteractionRouter.messageCommands())
          .stream()
          .map(CommandData::toData)
          .collect(Collectors.toMap(d -> d.getString("name"), d -> d));

  @Test
  void everyCommandIsRegisteredUnderItsTopLevelName() {
    assertThat(registered.keySet())
        .contains("suggest", "approve", "reject", "clear", "notes", "user", "dm", "config")
        .contains("user_config", "view", "queue", "info", "ping", "stats")
        .contains("Approve suggestion", "Reject suggestion", "View voters", "View up voters")
        .contains("View down voters");
    assertThat(subcommands(registered.get("notes"))).containsExactly("add", "remove");
    assertThat(subcommands(registered.get("config")))
        .containsExactlyInAnyOrder("toggle", "channel", "locale", "get");
    assertThat(subcommands(registered.get("dm"))).containsExactly("enable", "disable", "view");
    assertThat(subcommands(registered.get("privacy"))).containsExactly("forget");
    DataObject blocklist = registered.get("user").getArray("options").getObject(0);
    assertThat(blocklist.getString("name")).isEqualTo("blocklist");
    assertThat(subcommands(blocklist)).containsExactly("add", "remove", "list");
  }

  @Test
  void noTwoCommandsShareAName() {
    List<String> names =
        DiscordGateway.slashCommands().stream()
            .map(gg.suggestions.gateway.command.SlashCommand::name)
            .toList();

    assertThat(names).doesNotHaveDuplicates().hasSize(26).contains("privacy forget");
  }

  @Test
  void namesDescriptionsAndOptionsAreLocalisedInEveryLanguage() {
    DataObject suggest = registered.get("suggest");

    for (String locale : List.of("en-US", "da", "de", "es-ES", "fr", "pt-BR", "tr")) {
      assertThat(suggest.getObject("description_localizations").hasKey(locale))
          .as("description of /suggest in %s", locale)
          .isTrue();
      assertThat(suggest.getObject("name_localizations").hasKey(locale)).isTrue();
      DataObject text = suggest.getArray("options").getObject(0);
      assertThat(text.getObject("description_localizations").hasKey(locale)).isTrue();
    }
  }

  @Test
  void theSuggestionIdOptionIsAutocompletedAndSettingsAreChoices() {
    DataObject approve = registered.get("approve");
    DataObject sid = approve.getArray("options").getObject(0);
    DataObject toggle = registered.get("config").getArray("options").getObject(0);

    assertThat(sid.getString("name")).isEqualTo("suggestion_id");
    assertThat(sid.getBoolean("autocomplete")).isTrue();
    assertThat(sid.getBoolean("required")).isTrue();
    assertThat(toggle.getString("name")).isEqualTo("toggle");
    DataArray choices = toggle.getArray("options").getObject(0).getArray("choices");
    assertThat(choices.length()).isEqualTo(11);
    assertThat(choices.getObject(0).getString("value")).isEqualTo("keep_logs");
  }

  @Test
  void personalSettingsWorkInDirectMessagesAndTheRestOnlyInServers() {
    assertThat(contexts("dm")).containsExactly(0, 1);
    assertThat(contexts("suggest")).containsExactly(0);
  }

  private List<Integer> contexts(String command) {
    DataArray contexts = registered.get(command).getArray("contexts");
    return java.util.stream.IntStream.range(0, contexts.length())
        .mapToObj(contexts::getInt)
        .toList();
  }

  private static List<String> subcommands(DataObject command) {
    DataArray options = command.getArray("options");
    return java.util.stream.IntStream.range(0, options.length())
        .mapToObj(i -> options.getObject(i).getString("name"))
        .toList();
  }
}
