using Spaces.Contracts.Analytics;

namespace Spaces.Analytics.Events;

/// <summary>
/// One stream event as the job stores and counts it (a row of the DuckDB <c>events</c> table, with its
/// <c>presence</c> and <c>reactions</c> rows): flat, with the fields every family shares plus what the family adds.
/// <see cref="EventRows.From"/> makes one from each contract record.
/// </summary>
public sealed record EventRow(
    string EventId,
    string SpaceId,
    long? Seq,
    DateTimeOffset OccurredAt,
    AnalyticsFamily Family,
    string Type,
    string? ActorId)
{
    /// <summary>The user acted on (the listener whose hand was accepted, the speaker who was muted).</summary>
    public string? SubjectId { get; init; }

    /// <summary>Lifecycle: <c>true</c> when the Space is live after this event, <c>false</c> when it is over, <c>null</c> when unchanged.</summary>
    public bool? Live { get; init; }

    /// <summary>Free text the type carries: an end or cancel reason, a notification's kind.</summary>
    public string? Detail { get; init; }

    /// <summary>Presence: the users who joined in the batch.</summary>
    public IReadOnlyList<string> Joined { get; init; } = [];

    /// <summary>Presence: the users who left in the batch.</summary>
    public IReadOnlyList<string> Left { get; init; } = [];

    /// <summary>Presence: the Space's listener count after the batch, when the event carries it.</summary>
    public int? Listeners { get; init; }

    /// <summary>Lifecycle: the Space's peak listeners so far, as the Space counted them.</summary>
    public int? PeakListeners { get; init; }

    /// <summary>Reaction: how many of each emoji the batch counts.</summary>
    public IReadOnlyDictionary<string, int> Reactions { get; init; } = new Dictionary<string, int>();

    /// <summary>Ticket: the ticket the sale, refund or ledger entry is about.</summary>
    public string? TicketId { get; init; }

    /// <summary>Ticket: the amount in minor units (a refund's amount is positive: <see cref="Type"/> says which way).</summary>
    public long? AmountMinor { get; init; }

    public string? Currency { get; init; }

    /// <summary>Lifecycle: the Space's creator (its host); ledger: the host whose earnings the entry books.</summary>
    public string? HostId { get; init; }
}
