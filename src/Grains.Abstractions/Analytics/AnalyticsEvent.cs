namespace Spaces.Contracts.Analytics;

/// <summary>
/// One fact about a Space for analytics consumers, as it travels on the Orleans streams of
/// <see cref="AnalyticsStreams"/>. Delivery is at least once: a consumer drops a repeat by <see cref="EventId"/>,
/// which is the same on every redelivery. No personal data beyond user ids.
/// </summary>
[GenerateSerializer, Alias("spaces.analytics.v1.AnalyticsEvent")]
public abstract record AnalyticsEvent
{
    /// <summary>Deterministic id: <c>{space_id}/{seq}</c> for events the Space numbers, <c>{ticket_id}:{kind}</c> for ticket and ledger events.</summary>
    [Id(0)] public string EventId { get; init; } = "";

    [Id(1)] public string SpaceId { get; init; } = "";

    /// <summary>
    /// The Space's analytics seq (1, 2, 3… without gaps, per Space, stored with the Space), or 0 for ticket and
    /// ledger events, which other grains publish. Not the WebSocket seq.
    /// </summary>
    [Id(2)] public long Seq { get; init; }

    [Id(3)] public DateTimeOffset OccurredAt { get; init; }

    /// <summary>Who did it; null when the system did (a timer, the schedule, a batch of many users).</summary>
    [Id(4)] public string? ActorId { get; init; }

    /// <summary>The schema version of this event (<see cref="AnalyticsEventVersions.Current"/> when published). Fields are only ever added.</summary>
    [Id(5)] public int Version { get; init; } = AnalyticsEventVersions.Current;

    /// <summary>Which family the event belongs to.</summary>
    public abstract AnalyticsFamily Family { get; }
}

public static class AnalyticsEventVersions
{
    /// <summary>Version 1: the families and fields of this release.</summary>
    public const int Current = 1;
}

/// <summary>The event families, for consumers that filter a firehose partition.</summary>
[GenerateSerializer, Alias("spaces.analytics.v1.AnalyticsFamily")]
public enum AnalyticsFamily
{
    Lifecycle,
    Presence,
    Stage,
    Reactions,
    Reminders,
    Notifications,
    Tickets,
}
