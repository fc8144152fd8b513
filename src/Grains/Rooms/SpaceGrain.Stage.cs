using Spaces.Contracts;
using Spaces.Grains.Paging;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The stage of a live Space (product.md, "Roles and rules"): hands, invitations, speakers, co-hosts, mutes,
/// removals and reactions, with the checks each one makes.
/// </summary>
internal sealed partial class SpaceGrain
{
    public async Task RaiseHandAsync(string userId)
    {
        EnsureLive();
        if (StageRole(userId) is not null)
        {
            throw SpacesException.Conflict(ErrorCodes.AlreadyOnStage, "You are already on stage.");
        }

        EnsureListening(userId);
        if (HasRaisedHand(userId))
        {
            return;
        }

        Space.Hands.Add(new RaisedHand(userId, Time.GetUtcNow()));
        await CommitAsync(new HandRaised(userId));
    }

    public async Task LowerHandAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureSelfOrModerator(actorId, userId);
        if (RemoveHand(userId))
        {
            await CommitAsync(new HandLowered(userId, actorId == userId ? HandLoweredReason.Lowered : HandLoweredReason.Dismissed));
        }
    }

    public async Task<SpeakerAction> AddSpeakerAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureModerator(actorId);
        if (StageRole(userId) is not null)
        {
            throw SpacesException.Conflict(ErrorCodes.AlreadyOnStage, $"{userId} is already on stage.");
        }

        EnsureListening(userId);
        if (HasRaisedHand(userId))
        {
            // A full stage refuses before anything changes: the hand stays up.
            EnsureStageSeat();
            RemoveHand(userId);
            MoveOnStage(userId, Role.Speaker);
            await CommitAsync(
                new HandLowered(userId, HandLoweredReason.Accepted),
                new StageChanged(userId, StageChange.JoinedStage, Stage()));
            return SpeakerAction.HandAccepted;
        }

        if (!Space.Invited.Contains(userId))
        {
            EnsureStageSeat();
            Space.Invited.Add(userId);
            await CommitAsync(new SpeakerInvited(userId, actorId));
            NotifyUser(userId, NotificationKind.SpeakerInvitation, actorId);
        }

        return SpeakerAction.Invited;
    }

    public async Task MoveToAudienceAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureSelfOrModerator(actorId, userId);
        EnsureNotHost(userId);
        if (StageRole(userId) is null)
        {
            if (Space.Invited.Remove(userId))
            {
                // Withdrawing an invitation that was not accepted yet.
                await CommitAsync(new StageChanged(userId, StageChange.InvitationWithdrawn, Stage()));
                return;
            }

            throw SpacesException.Conflict(ErrorCodes.NotOnStage, $"{userId} is not on stage.");
        }

        Space.Cohosts.Remove(userId);
        Space.Speakers.Remove(userId);
        Space.Muted.Remove(userId);
        Presence.LeaveSeat(userId);
        SetMediaRole(userId, Role.Listener);
        await CommitAsync(new StageChanged(userId, StageChange.MovedToAudience, Stage()));
    }

    public async Task AcceptInvitationAsync(string userId)
    {
        EnsureLive();
        if (!Space.Invited.Contains(userId))
        {
            throw SpacesException.Conflict(ErrorCodes.NoPendingInvitation, "You have no pending invitation to speak.");
        }

        EnsureListening(userId);
        EnsureStageSeat();
        var hadHand = RemoveHand(userId);
        MoveOnStage(userId, Role.Speaker);
        var joined = new StageChanged(userId, StageChange.JoinedStage, Stage());
        await CommitAsync(hadHand ? [new HandLowered(userId, HandLoweredReason.Accepted), joined] : [joined]);
    }

    public async Task DeclineInvitationAsync(string userId)
    {
        EnsureLive();
        if (!Space.Invited.Remove(userId))
        {
            throw SpacesException.Conflict(ErrorCodes.NoPendingInvitation, "You have no pending invitation to speak.");
        }

        await CommitAsync(new StageChanged(userId, StageChange.InvitationDeclined, Stage()));
    }

    public async Task AddCohostAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureModerator(actorId);
        EnsureNotHost(userId);
        if (Space.Cohosts.Contains(userId))
        {
            return;
        }

        if (Space.Cohosts.Count >= Options.MaxCohosts)
        {
            throw SpacesException.Conflict(ErrorCodes.CohostLimit, $"A Space has at most {Options.MaxCohosts} co-hosts.");
        }

        var hadHand = false;
        if (!Space.Speakers.Remove(userId))
        {
            EnsureListening(userId);
            EnsureStageSeat();
            hadHand = RemoveHand(userId);
            MoveOnStage(userId, Role.Cohost);
        }
        else
        {
            Space.Cohosts.Add(userId);
            SetMediaRole(userId, Role.Cohost);
        }

        var added = new StageChanged(userId, StageChange.CohostAdded, Stage());
        await CommitAsync(hadHand ? [new HandLowered(userId, HandLoweredReason.Accepted), added] : [added]);
    }

    public async Task RemoveCohostAsync(string actorId, string userId)
    {
        EnsureLive();

        // Co-hosts are the host's appointees: only the host removes one (a co-host may step down).
        if (actorId != userId)
        {
            EnsureHost(actorId);
        }

        if (!Space.Cohosts.Remove(userId))
        {
            return;
        }

        // A co-host who steps down keeps a speaker's seat; moving them to the audience is a separate act.
        Space.Speakers.Add(userId);
        SetMediaRole(userId, Role.Speaker);
        await CommitAsync(new StageChanged(userId, StageChange.CohostRemoved, Stage()));
    }

    public async Task MuteAsync(string actorId, string userId)
    {
        EnsureLive();
        if (actorId != userId)
        {
            EnsureModerator(actorId);
            EnsureNotHost(userId);
        }

        EnsureOnStage(userId);
        if (Space.Muted.Add(userId))
        {
            MuteInMedia(userId, AudioTrackOf(userId));
            await CommitAsync(new StageChanged(userId, StageChange.Muted, Stage()));
        }
    }

    public async Task UnmuteAsync(string actorId, string userId)
    {
        EnsureLive();
        if (actorId != userId)
        {
            throw SpacesException.Forbidden(ErrorCodes.OnlySelfUnmute, "Only a speaker can unmute themselves.");
        }

        EnsureOnStage(userId);
        if (Space.Muted.Remove(userId))
        {
            await CommitAsync(new StageChanged(userId, StageChange.Unmuted, Stage()));
        }
    }

    public async Task RemoveParticipantAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureModerator(actorId);
        EnsureNotHost(userId);
        if (actorId == userId)
        {
            throw SpacesException.Invalid("user_id", ErrorCodes.InvalidField, "You cannot remove yourself; leave the Space instead.");
        }

        if (!Space.Removed.Add(userId))
        {
            return;
        }

        var wasOnStage = Space.Cohosts.Remove(userId) | Space.Speakers.Remove(userId) | Space.Invited.Remove(userId);
        Space.Muted.Remove(userId);
        var hadHand = RemoveHand(userId);
        Presence.Remove(userId);
        RemoveFromMedia(userId);
        var events = new List<SpaceEvent>();
        if (hadHand)
        {
            events.Add(new HandLowered(userId, HandLoweredReason.Dismissed));
        }

        events.Add(new ParticipantRemoved(userId, actorId));
        if (wasOnStage)
        {
            events.Add(new StageChanged(userId, StageChange.Removed, Stage()));
        }

        await CommitAsync([.. events]);
    }

    public async Task ReactAsync(string userId, string emoji)
    {
        EnsureLive();
        if (!Options.AllowedReactions.Contains(emoji))
        {
            throw SpacesException.Invalid("emoji", ErrorCodes.InvalidEmoji, $"emoji must be one of {string.Join(" ", Options.AllowedReactions)}.");
        }

        if (!Presence.IsPresent(userId))
        {
            throw NotInSpace(userId);
        }

        if (Space.ReactionsBlocked.Contains(userId))
        {
            throw SpacesException.Forbidden(ErrorCodes.ReactionsBlocked, "A host blocked your reactions in this Space.");
        }

        if (ReactionLimiter.TryTake(userId) is { } retryAfter)
        {
            throw new SpacesException(ErrorKind.RateLimited, ErrorCodes.ReactionRateLimited, "Too many reactions; slow down.", retryAfter: retryAfter);
        }

        NoteReaction(userId, emoji);
        await SendReactionAsync(userId, emoji);
    }

    public async Task SetReactionsBlockedAsync(string actorId, string userId, bool blocked)
    {
        EnsureLive();
        EnsureModerator(actorId);
        EnsureNotHost(userId);
        var changed = blocked ? Space.ReactionsBlocked.Add(userId) : Space.ReactionsBlocked.Remove(userId);
        if (changed)
        {
            await CommitAsync();
        }
    }

    public Task<ParticipantsView> GetParticipantsAsync(long? cursor, int? limit)
    {
        EnsureExists();
        var pageSize = PageRequest.Size(limit, Options.DefaultListenersPageSize, Options.MaxListenersPageSize);
        var after = PageRequest.After(cursor);
        var stage = new List<StageMember>(StageCount) { Member(Space.CreatorId, Role.Host) };
        stage.AddRange(Space.Cohosts.Select(u => Member(u, Role.Cohost)));
        stage.AddRange(Space.Speakers.Select(u => Member(u, Role.Speaker)));
        var (page, next) = Presence.GetListeners(after, pageSize);
        return Task.FromResult(new ParticipantsView(SpaceId, stage, [.. Space.Hands], [.. Space.Invited], Presence.ListenerCount, page, next));

        StageMember Member(string userId, Role role) => new(userId, role, Space.Muted.Contains(userId), Presence.IsPresentOnStage(userId));
    }

    private bool HasRaisedHand(string userId) => Space.Hands.Exists(h => h.UserId == userId);

    private bool RemoveHand(string userId) => Space.Hands.RemoveAll(h => h.UserId == userId) > 0;

    /// <summary>A present listener takes a seat; their invitation, if any, is used up.</summary>
    private void MoveOnStage(string userId, Role role)
    {
        Presence.TakeSeat(userId);
        Space.Invited.Remove(userId);
        (role == Role.Cohost ? Space.Cohosts : Space.Speakers).Add(userId);
        Space.PastSpeakers.Add(userId);
        SetMediaRole(userId, role);
    }
}
