using Spaces.Contracts;
using Spaces.Grains.Analytics;

namespace Spaces.Grains.Rooms;

/// <summary>
/// What a Space persists: lifecycle, the stage and its moderation state, counters. Never the audience
/// (architecture rule 1), so the document stays a few KB however many listen.
/// </summary>
[GenerateSerializer]
public sealed class SpaceRecord
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public string CreatorId { get; set; } = "";
    [Id(3)] public SpaceState State { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public DateTimeOffset? ScheduledStart { get; set; }
    [Id(7)] public DateTimeOffset? StartedAt { get; set; }
    [Id(8)] public DateTimeOffset? EndedAt { get; set; }
    [Id(9)] public string? Lang { get; set; }
    [Id(10)] public List<string> TopicIds { get; set; } = [];
    [Id(11)] public List<string> Cohosts { get; set; } = [];
    [Id(12)] public List<string> Speakers { get; set; } = [];
    [Id(13)] public HashSet<string> Muted { get; set; } = [];
    [Id(14)] public List<string> Invited { get; set; } = [];
    [Id(15)] public List<RaisedHand> Hands { get; set; } = [];
    [Id(16)] public HashSet<string> Removed { get; set; } = [];
    [Id(17)] public HashSet<string> ReactionsBlocked { get; set; } = [];
    [Id(18)] public int PeakListeners { get; set; }
    [Id(19)] public int TotalListeners { get; set; }

    /// <summary>Users who set a reminder (the list itself lives in <see cref="ISpaceSubscribersGrain"/>).</summary>
    [Id(21)] public int SubscriberCount { get; set; }

    /// <summary>Everyone who was ever on stage besides the host: the ended Space's speakers.</summary>
    [Id(22)] public HashSet<string> PastSpeakers { get; set; } = [];

    /// <summary>Seqs up to here may have been handed out; a reactivated grain continues above it, so seqs never repeat.</summary>
    [Id(20)] public long SeqReservedUpTo { get; set; }

    /// <summary>Analytics events waiting to be published (stored with the change they describe).</summary>
    [Id(23)] public AnalyticsOutbox Analytics { get; set; } = new();

    /// <summary>The egresses the Space wants and the ones LiveKit runs for it (the HLS stream; a recording adds a slot).</summary>
    [Id(30)] public SpaceEgress Egress { get; set; } = new();

    /// <summary>The sale terms of a ticketed Space (null when free). Ids from 100 on are the ticket feature's.</summary>
    [Id(100)] public TicketTerms? Ticket { get; set; }

    /// <summary>The Space's one recording, once the host turned it on. Ids from 200 on are the recording feature's.</summary>
    [Id(200)] public RecordingRecord? Recording { get; set; }
}

/// <summary>What a Space stores about its recording: where it is, the file once written, who may listen.</summary>
[GenerateSerializer]
public sealed class RecordingRecord
{
    [Id(0)] public RecordingState State { get; set; }
    [Id(1)] public DateTimeOffset? StartedAt { get; set; }
    [Id(2)] public TimeSpan? Duration { get; set; }

    /// <summary>Where the egress uploaded the file (a URL in the configured storage).</summary>
    [Id(3)] public string? FileUrl { get; set; }

    [Id(4)] public bool Public { get; set; }

    /// <summary>The file egress this recording is written by: the first one LiveKit reports for it.</summary>
    [Id(5)] public string? EgressId { get; set; }
}
