package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.Personal;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The guild admitted a member's submission under its suggestion limit; the guild counts these to
 * hold the limit across gateway restarts and shards.
 *
 * @param guildId the guild
 * @param authorId the member
 * @param suggestionId the suggestion it became, or its queue id where the guild queues submissions
 * @param at when it was admitted
 */
@Revision("1")
public record SubmissionAdmitted(
    String guildId, @Personal(of = "authorId") String authorId, String suggestionId, Instant at) {}
