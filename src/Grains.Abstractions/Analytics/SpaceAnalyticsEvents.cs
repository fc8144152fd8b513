namespace Spaces.Contracts.Analytics;

/// <summary>The Space was created, scheduled (or rescheduled), edited, started, ended or canceled.</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.SpaceLifecycleEvent")]
public sealed record SpaceLifecycleEvent : AnalyticsEvent
{
    [Id(0)] public LifecycleChange Change { get; init; }

    /// <summary>Why it ended or was canceled; null for the other changes.</summary>
    [Id(1)] public EndReason? Reason { get; init; }

    [Id(2)] public string CreatorId { get; init; } = "";

    [Id(3)] public string Title { get; init; } = "";

    [Id(4)] public DateTimeOffset? ScheduledStart { get; init; }

    [Id(5)] public bool IsTicketed { get; init; }

    [Id(6)] public IReadOnlyList<string> TopicIds { get; init; } = [];

    [Id(7)] public string? Lang { get; init; }

    /// <summary>Listeners at the peak and in total so far (final on <see cref="LifecycleChange.Ended"/>).</summary>
    [Id(8)] public int PeakListeners { get; init; }

    [Id(9)] public int TotalListeners { get; init; }

    public override AnalyticsFamily Family => AnalyticsFamily.Lifecycle;
}

[GenerateSerializer, Alias("spaces.analytics.v1.LifecycleChange")]
public enum LifecycleChange
{
    Created,

    /// <summary>Created with a start time (a later move of it is <see cref="Edited"/>, with the new time).</summary>
    Scheduled,

    Edited,
    Started,
    Ended,
    Canceled,
}

/// <summary>
/// Who came and went during one batch window (<c>Analytics:BatchInterval</c>), never one message per join. A busy
/// window is split into several messages of at most <c>Analytics:MaxUserIdsPerBatch</c> user ids each.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.PresenceBatch")]
public sealed record PresenceBatch : AnalyticsEvent
{
    /// <summary>Users who joined, in order (a user who joined twice in the window appears twice).</summary>
    [Id(0)] public IReadOnlyList<string> JoinedUserIds { get; init; } = [];

    [Id(1)] public IReadOnlyList<string> LeftUserIds { get; init; } = [];

    /// <summary>Everyone present (stage and audience) when the message was made.</summary>
    [Id(2)] public int ParticipantCount { get; init; }

    /// <summary>Listeners (audience only) present when the message was made.</summary>
    [Id(3)] public int ListenerCount { get; init; }

    /// <summary>When the window opened; it closes at <see cref="AnalyticsEvent.OccurredAt"/>.</summary>
    [Id(4)] public DateTimeOffset WindowStart { get; init; }

    public int Joins => JoinedUserIds.Count;

    public int Leaves => LeftUserIds.Count;

    public override AnalyticsFamily Family => AnalyticsFamily.Presence;
}

/// <summary>A change on the stage: hands, invitations, seats, co-hosts, mutes, removals.</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.StageEvent")]
public sealed record StageEvent : AnalyticsEvent
{
    /// <summary>The user the change happened to (the actor is <see cref="AnalyticsEvent.ActorId"/>).</summary>
    [Id(0)] public string UserId { get; init; } = "";

    [Id(1)] public StageAction Action { get; init; }

    /// <summary>Speakers and co-hosts on stage after the change, the host not counted.</summary>
    [Id(2)] public int StageSize { get; init; }

    public override AnalyticsFamily Family => AnalyticsFamily.Stage;
}

[GenerateSerializer, Alias("spaces.analytics.v1.StageAction")]
public enum StageAction
{
    HandRaised,

    /// <summary>Lowered by the user, or because they left.</summary>
    HandLowered,

    /// <summary>A host or co-host took the hand: the user is on stage.</summary>
    HandAccepted,

    /// <summary>A host or co-host lowered someone else's hand.</summary>
    HandDismissed,

    Invited,
    InvitationAccepted,
    InvitationDeclined,
    InvitationWithdrawn,

    /// <summary>Took a speaker's seat (after <see cref="HandAccepted"/> or <see cref="InvitationAccepted"/>).</summary>
    JoinedStage,

    /// <summary>A speaker left the room and gave up the seat.</summary>
    LeftStage,

    MovedToAudience,
    CohostAdded,
    CohostRemoved,
    Muted,
    Unmuted,

    /// <summary>Removed from the Space by a host or co-host (and from the stage, if on it).</summary>
    Removed,
}

/// <summary>Reactions during one batch window, as counts per emoji — never one message per reaction.</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.ReactionBatch")]
public sealed record ReactionBatch : AnalyticsEvent
{
    [Id(0)] public IReadOnlyList<EmojiCount> Counts { get; init; } = [];

    [Id(1)] public DateTimeOffset WindowStart { get; init; }

    public int Total => Counts.Sum(c => c.Count);

    public override AnalyticsFamily Family => AnalyticsFamily.Reactions;
}

/// <summary>A user set or removed a reminder for a scheduled Space.</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.ReminderEvent")]
public sealed record ReminderEvent : AnalyticsEvent
{
    [Id(0)] public string UserId { get; init; } = "";

    /// <summary>True when set, false when removed.</summary>
    [Id(1)] public bool IsSet { get; init; }

    /// <summary>Reminders set for the Space after the change.</summary>
    [Id(2)] public int SubscriberCount { get; init; }

    public override AnalyticsFamily Family => AnalyticsFamily.Reminders;
}

/// <summary>The Space sent a notification: to one user (an invitation) or to every subscriber.</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.NotificationEvent")]
public sealed record NotificationEvent : AnalyticsEvent
{
    [Id(0)] public string NotificationId { get; init; } = "";

    [Id(1)] public NotificationKind Kind { get; init; }

    /// <summary>The one recipient, or null when it went to every subscriber.</summary>
    [Id(2)] public string? RecipientUserId { get; init; }

    /// <summary>How many users it went to.</summary>
    [Id(3)] public int Recipients { get; init; }

    public override AnalyticsFamily Family => AnalyticsFamily.Notifications;
}
