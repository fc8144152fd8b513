namespace Spaces.Contracts;

[GenerateSerializer]
public enum SpaceState
{
    Scheduled,
    Live,
    Ended,
    Canceled,
}

[GenerateSerializer]
public enum Role
{
    Host,
    Cohost,
    Speaker,
    Listener,
}

[GenerateSerializer, Immutable]
public sealed record TicketView(
    [property: Id(0)] long Price,
    [property: Id(1)] string Currency,
    [property: Id(2)] int Capacity,
    [property: Id(3)] int Sold);

/// <summary>A Space as clients see it; names follow the X Spaces API where one exists.</summary>
[GenerateSerializer, Immutable]
public sealed record SpaceView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required SpaceState State { get; init; }
    [Id(2)] public required string Title { get; init; }
    [Id(3)] public required string CreatorId { get; init; }
    [Id(4)] public required IReadOnlyList<string> HostIds { get; init; }
    [Id(5)] public required IReadOnlyList<string> CohostIds { get; init; }
    [Id(6)] public required IReadOnlyList<string> SpeakerIds { get; init; }
    [Id(7)] public required IReadOnlyList<string> InvitedUserIds { get; init; }
    [Id(8)] public required int ParticipantCount { get; init; }
    [Id(9)] public required int SubscriberCount { get; init; }
    [Id(10)] public required bool IsTicketed { get; init; }
    [Id(11)] public TicketView? Ticket { get; init; }
    [Id(12)] public DateTimeOffset? ScheduledStart { get; init; }
    [Id(13)] public DateTimeOffset? StartedAt { get; init; }
    [Id(14)] public DateTimeOffset? EndedAt { get; init; }
    [Id(15)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(16)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(17)] public string? Lang { get; init; }
    [Id(18)] public required IReadOnlyList<string> TopicIds { get; init; }
    [Id(19)] public required int PeakListeners { get; init; }
    [Id(20)] public required int TotalListeners { get; init; }

    /// <summary>The Space's recording, once the host turned it on; null otherwise.</summary>
    [Id(30)] public RecordingView? Recording { get; init; }
}
