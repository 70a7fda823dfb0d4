package gg.suggestions.eventstore.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.testing.InMemoryKeys;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SealingTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper MAPPER = EnvelopeCodec.defaultMapper();
  private static final String GUILD = "500000000000000001";
  private static final String AUTHOR = "100000000000000001";

  private final InMemoryKeys keys = new InMemoryKeys();
  private final Sealing sealing = Sealing.with(keys, RANDOM);

  private JsonNode sealed(Object event) {
    JsonNode tree = MAPPER.valueToTree(event);
    sealing.seal(event.getClass(), tree);
    return tree;
  }

  @Test
  void personalFieldsAreSealedAndTheRestStaysReadable() throws Exception {
    var event =
        new SuggestionSubmitted(
            GUILD,
            "abc123",
            AUTHOR,
            "Add a music channel",
            new SuggestionImage("https://cdn.example/a.png", "a.png", 42),
            false);

    JsonNode tree = sealed(event);

    String json = MAPPER.writeValueAsString(tree);
    assertThat(json)
        .doesNotContain(AUTHOR)
        .doesNotContain("music")
        .doesNotContain("a.png")
        .contains(GUILD)
        .contains("abc123")
        .contains("\"sizeBytes\":42");
    assertThat(tree.get("text").asText()).startsWith(FieldCipher.PREFIX + keys.keyFor(AUTHOR).id());
    assertThat(MAPPER.treeToValue(sealing.open(tree), SuggestionSubmitted.class)).isEqualTo(event);
    assertThat(tree.get("text").asText()).as("the tree read stays sealed").startsWith("enc:");
  }

  @Test
  void eachFieldIsSealedWithItsOwnMembersKey() throws Exception {
    String blocked = "100000000000000002";
    String moderator = "100000000000000003";
    JsonNode tree = sealed(new MemberBlocked(GUILD, blocked, moderator));

    assertThat(FieldCipher.keyIdOf(tree.get("userId").asText()))
        .isEqualTo(keys.keyFor(blocked).id());
    assertThat(FieldCipher.keyIdOf(tree.get("moderatorId").asText()))
        .isEqualTo(keys.keyFor(moderator).id());
  }

  @Test
  void aForgottenMembersTextsReadRemovedAndTheirIdAStablePseudonym() throws Exception {
    String other = "100000000000000004";
    JsonNode submitted =
        sealed(new SuggestionSubmitted(GUILD, "abc123", AUTHOR, "My idea", null, false));
    JsonNode vote = sealed(new VoteCast(GUILD, "abc123", AUTHOR, VoteDirection.UP));
    JsonNode othersVote = sealed(new VoteCast(GUILD, "abc123", other, VoteDirection.DOWN));
    String keyId = keys.keyFor(AUTHOR).id();

    keys.forget(AUTHOR);

    var opened = MAPPER.treeToValue(sealing.open(submitted), SuggestionSubmitted.class);
    assertThat(opened.text()).isEqualTo(Sealing.REMOVED);
    assertThat(opened.authorId()).isEqualTo(Sealing.pseudonym(keyId)).doesNotContain(AUTHOR);
    assertThat(MAPPER.treeToValue(sealing.open(vote), VoteCast.class).voterId())
        .isEqualTo(opened.authorId());
    assertThat(MAPPER.treeToValue(sealing.open(othersVote), VoteCast.class).voterId())
        .isEqualTo(other);
  }

  @Test
  void withoutKeysPlaintextPassesAndSealedFieldsReadRemoved() throws Exception {
    JsonNode sealedVote = sealed(new VoteCast(GUILD, "abc123", AUTHOR, VoteDirection.UP));
    JsonNode plain = MAPPER.valueToTree(new VoteCast(GUILD, "abc123", AUTHOR, VoteDirection.UP));

    Sealing.NONE.seal(VoteCast.class, plain);

    assertThat(plain.get("voterId").asText()).isEqualTo(AUTHOR);
    assertThat(sealing.open(plain)).isSameAs(plain);
    assertThat(Sealing.NONE.open(sealedVote).get("voterId").asText())
        .startsWith(Sealing.PSEUDONYM_PREFIX);
  }

  @Test
  void aTamperedOrMovedValueNeverOpensToSomethingElse() throws Exception {
    ObjectNode tree =
        (ObjectNode)
            sealed(new SuggestionSubmitted(GUILD, "abc123", AUTHOR, "secret", null, false));
    String text = tree.get("text").asText();
    tree.put("authorId", text); // The text's ciphertext moved into the id field.

    JsonNode opened = sealing.open(tree);

    assertThat(opened.get("text").asText()).isEqualTo("secret");
    assertThat(opened.get("authorId").asText()).startsWith(Sealing.PSEUDONYM_PREFIX);
  }

  @Test
  void hostileSealedLookingValuesNeverFailTheReader() {
    SplittableRandom random = new SplittableRandom(2020);
    for (int i = 0; i < 2_000; i++) {
      ObjectNode tree = MAPPER.createObjectNode();
      StringBuilder value = new StringBuilder(FieldCipher.PREFIX);
      int length = random.nextInt(120);
      for (int c = 0; c < length; c++) {
        value.append((char) random.nextInt(0x20, 0x7f));
      }
      tree.put(random.nextBoolean() ? "voterId" : "text", value.toString());
      tree.putObject("image").put("url", value.toString());

      JsonNode opened = sealing.open(tree);

      assertThat(opened.get("image").get("url").asText()).isEqualTo(Sealing.REMOVED);
    }
  }

  @Test
  void anActorOutsideThePayloadReadsAsTheirPseudonymOnceForgotten() {
    String sealed = sealing.sealId("metadata.actorId", AUTHOR);
    String keyId = keys.keyFor(AUTHOR).id();

    assertThat(sealed).doesNotContain(AUTHOR);
    assertThat(sealing.openValue("metadata.actorId", sealed)).isEqualTo(AUTHOR);
    assertThat(sealing.openValue("interaction.actorId", sealed))
        .as("bound to its field")
        .isEqualTo(Sealing.pseudonym(keyId));
    assertThat(sealing.sealId("metadata.actorId", "system")).isEqualTo("system");
    assertThat(sealing.sealActor("MemberForgotten", "metadata.actorId", AUTHOR))
        .as("a forgetting names no member")
        .isNull();
    assertThat(sealing.sealActor("ForgetMember", "interaction.actorId", AUTHOR)).isNull();
    assertThat(Sealing.isPseudonym(Sealing.pseudonym(keyId))).isTrue();
    assertThat(Sealing.isPseudonym("forgotten-1")).isFalse();
    assertThat(Sealing.isPseudonym(AUTHOR)).isFalse();

    keys.forget(AUTHOR);

    assertThat(sealing.openValue("metadata.actorId", sealed)).isEqualTo(Sealing.pseudonym(keyId));
  }

  @Test
  void aMemberIdMissingForAPersonalFieldIsRefused() {
    JsonNode tree =
        MAPPER.valueToTree(new SuggestionSubmitted(GUILD, "abc123", null, "text", null, false));

    assertThatThrownBy(() -> sealing.seal(SuggestionSubmitted.class, tree))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authorId");
  }

  /** Every personal component names a member id component of its record, read as an id. */
  @Test
  void everyPersonalFieldNamesAMemberIdOfItsRecord() {
    int personal = 0;
    for (Class<?> event : Contracts.events()) {
      List<Sealing.Field> fields = Sealing.personalFields(event);
      for (Sealing.Field field : fields) {
        assertThat(Sealing.isId(field.subject())).as(event + " " + field).isTrue();
        assertThat(fields)
            .as(event + " seals its member id")
            .anyMatch(f -> f.name().equals(field.subject()));
        assertThat(Sealing.isId(field.name()))
            .as(event + " " + field.name() + " is an id exactly when it is the member")
            .isEqualTo(field.name().equals(field.subject()));
      }
      personal += fields.size();
    }
    assertThat(personal).isGreaterThanOrEqualTo(30);
  }
}
