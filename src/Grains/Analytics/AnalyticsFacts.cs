using Spaces.Contracts;
using Spaces.Contracts.Analytics;

namespace Spaces.Grains.Analytics;

/// <summary>What a Space's sequenced events mean for analytics: the mapping from the WebSocket's events to the analytics families.</summary>
internal static class AnalyticsFacts
{
    /// <summary>
    /// The analytics event for <paramref name="spaceEvent"/> done by <paramref name="actorId"/>, or null when it is
    /// not one (reactions and audience counts go out batched; a stage removal is told by the removal itself).
    /// </summary>
    public static AnalyticsEvent? From(SpaceEvent spaceEvent, string? actorId) => spaceEvent switch
    {
        SpaceUpdated updated => Lifecycle(LifecycleChange.Edited, updated.Space, actorId),
        SpaceStarted started => Lifecycle(LifecycleChange.Started, started.Space, actorId),
        SpaceEnded ended => Lifecycle(LifecycleChange.Ended, ended.Space, actorId) with { Reason = ended.Reason },
        SpaceCanceled canceled => Lifecycle(LifecycleChange.Canceled, canceled.Space, actorId) with { Reason = canceled.Reason },
        HandRaised raised => Stage(raised.UserId, StageAction.HandRaised, actorId, null),
        HandLowered lowered => Stage(lowered.UserId, HandAction(lowered.Reason), actorId, null),
        SpeakerInvited invited => Stage(invited.UserId, StageAction.Invited, invited.InvitedBy, null),
        ParticipantRemoved removed => Stage(removed.UserId, StageAction.Removed, removed.RemovedBy, null),
        StageChanged { Change: StageChange.Removed } => null,
        StageChanged changed => Stage(changed.UserId, SeatAction(changed.Change, changed.UserId == actorId), actorId, changed.Stage),
        _ => null,
    };

    public static SpaceLifecycleEvent Lifecycle(LifecycleChange change, SpaceView space, string? actorId) => new()
    {
        Change = change,
        ActorId = actorId,
        CreatorId = space.CreatorId,
        Title = space.Title,
        ScheduledStart = space.ScheduledStart,
        IsTicketed = space.IsTicketed,
        TopicIds = space.TopicIds,
        Lang = space.Lang,
        PeakListeners = space.PeakListeners,
        TotalListeners = space.TotalListeners,
    };

    public static NotificationEvent Notification(Notification notice, string? recipientUserId, int recipients) => new()
    {
        NotificationId = notice.Id,
        Kind = notice.Kind,
        ActorId = notice.ByUserId,
        RecipientUserId = recipientUserId,
        Recipients = recipients,
        OccurredAt = notice.At,
    };

    private static StageEvent Stage(string userId, StageAction action, string? actorId, StageSnapshot? stage) => new()
    {
        UserId = userId,
        Action = action,
        ActorId = actorId,
        StageSize = stage is null ? 0 : stage.CohostIds.Count + stage.SpeakerIds.Count,
    };

    private static StageAction HandAction(HandLoweredReason reason) => reason switch
    {
        HandLoweredReason.Accepted => StageAction.HandAccepted,
        HandLoweredReason.Dismissed => StageAction.HandDismissed,
        _ => StageAction.HandLowered,
    };

    /// <summary>A seat taken by the user's own call is an accepted invitation; one a moderator gave is a hand they took.</summary>
    private static StageAction SeatAction(StageChange change, bool bySelf) => change switch
    {
        StageChange.JoinedStage when bySelf => StageAction.InvitationAccepted,
        StageChange.JoinedStage => StageAction.JoinedStage,
        StageChange.LeftStage => StageAction.LeftStage,
        StageChange.MovedToAudience => StageAction.MovedToAudience,
        StageChange.CohostAdded => StageAction.CohostAdded,
        StageChange.CohostRemoved => StageAction.CohostRemoved,
        StageChange.Muted => StageAction.Muted,
        StageChange.Unmuted => StageAction.Unmuted,
        StageChange.InvitationDeclined => StageAction.InvitationDeclined,
        StageChange.InvitationWithdrawn => StageAction.InvitationWithdrawn,
        _ => StageAction.Removed,
    };
}
