package gg.suggestions.eventstore.contract;

import gg.suggestions.eventstore.contract.guildconfig.BlockMember;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetStaffRoles;
import gg.suggestions.eventstore.contract.guildconfig.SetSuggestionLimit;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SubmissionAdmitted;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.eventstore.contract.guildconfig.UnblockMember;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyVotes;
import gg.suggestions.eventstore.contract.legacy.LegacyGuildImported;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.AddSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.RecordQueuedSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessageDeletion;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThread;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThreadArchival;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RemoveSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageDeleted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageMoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteRemoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadArchived;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.contract.userconfig.SetDirectMessages;
import gg.suggestions.eventstore.contract.userconfig.SetThreadPings;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import java.util.List;

/**
 * Every published event and command type. A test fails when an event record is missing from the
 * events.
 */
public final class Contracts {

  private Contracts() {}

  public static List<Class<?>> events() {
    return List.of(
        GuildChannelSet.class,
        GuildToggleSet.class,
        StaffRolesSet.class,
        GuildLocaleSet.class,
        SuggestionLimitSet.class,
        MemberBlocked.class,
        MemberUnblocked.class,
        SubmissionAdmitted.class,
        SuggestionSubmitted.class,
        VoteCast.class,
        VoteSwitched.class,
        VoteWithdrawn.class,
        SuggestionApproved.class,
        SuggestionRejected.class,
        SuggestionCleared.class,
        SuggestionNoteAdded.class,
        SuggestionNoteRemoved.class,
        SuggestionMessagePosted.class,
        SuggestionMessageMoved.class,
        SuggestionMessageDeleted.class,
        SuggestionThreadCreated.class,
        SuggestionThreadArchived.class,
        SuggestionQueued.class,
        QueuedSuggestionApproved.class,
        QueuedSuggestionRejected.class,
        QueuedSuggestionCleared.class,
        QueuedSuggestionMessagePosted.class,
        DirectMessagesSet.class,
        ThreadPingsSet.class,
        MemberForgotten.class,
        LegacyGuildImported.class,
        SuggestionImported.class,
        QueuedSuggestionImported.class);
  }

  /** Every command the command service accepts on its topic, by logical type. */
  public static List<Class<?>> commands() {
    return List.of(
        SetGuildChannel.class,
        SetGuildToggle.class,
        SetStaffRoles.class,
        SetGuildLocale.class,
        SetSuggestionLimit.class,
        BlockMember.class,
        UnblockMember.class,
        SubmitSuggestion.class,
        VoteOnSuggestion.class,
        ApproveSuggestion.class,
        RejectSuggestion.class,
        ClearSuggestion.class,
        AddSuggestionNote.class,
        RemoveSuggestionNote.class,
        RecordSuggestionMessage.class,
        RecordSuggestionMessageDeletion.class,
        RecordSuggestionThread.class,
        RecordSuggestionThreadArchival.class,
        RecordQueuedSuggestionMessage.class,
        SetDirectMessages.class,
        SetThreadPings.class,
        ForgetMember.class,
        ImportLegacyGuild.class,
        ImportLegacyVotes.class,
        ImportLegacyMembers.class);
  }
}
