package gg.suggestions.query.cli;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forget --user <id>}: forgets a member on their request (docs/privacy.md), as the command
 * service does for their own {@code /privacy forget}: their keys are destroyed, then the forgetting
 * is recorded and every projection scrubs them.
 */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description = {
      "Forget a member on their request: destroy their data keys, so their suggestion and note",
      "texts and their id read \"[removed]\" and a pseudonym wherever the log is read, and scrub",
      "the projections. Sent as the member's own ForgetMember command; safe to repeat."
    })
final class ForgetCommand implements Callable<Integer> {

  @Mixin Connections connections;

  @Option(
      names = "--user",
      required = true,
      description = "The member's Discord id (1 to 20 digits)")
  String user;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "30",
      description = "How long to wait for the command service's answer (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (user == null || !user.matches("[0-9]{1,20}")) {
      throw new UsageError("--user is a Discord id: 1 to 20 digits");
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new UsageError("--timeout-seconds is 1 to 600");
    }
    PrintWriter out = spec.commandLine().getOut();
    var command =
        new CommandEnvelope(
            CommandEnvelope.SCHEMA,
            UUID.randomUUID().toString(),
            ForgetMember.class.getSimpleName(),
            null,
            EnvelopeCodec.defaultMapper().valueToTree(new ForgetMember(user)),
            new Actor(user, 0, List.of()),
            "en-GB",
            null,
            null,
            Instant.now());
    ReplyEnvelope reply;
    try (var requester =
        new CommandRequester(
            connections.bootstrapServers,
            "suggestionsctl-" + UUID.randomUUID(),
            new CommandCodec(EnvelopeCodec.defaultMapper()))) {
      reply = requester.send(command).get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "No answer within "
              + timeoutSeconds
              + " s (command "
              + command.commandId()
              + "); nothing is lost by running it again");
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not send the command: " + e.getCause().getMessage());
    }
    if (!reply.accepted()) {
      out.println("not forgotten: " + reply.message() + " (error " + reply.errorCode() + ")");
      return 1;
    }
    String keys = reply.result().getOrDefault(ForgetMember.RESULT_KEY_IDS, "");
    out.println(
        "forgotten: "
            + keys.split(",").length
            + " data key(s) destroyed; their fields read \"[removed]\" and their id a pseudonym"
            + " from now on. The key records leave every broker within "
            + SuggestionTopics.KEY_FORGET_BOUND.toHours()
            + " h (docs/privacy.md says how to force it).");
    return 0;
  }
}
