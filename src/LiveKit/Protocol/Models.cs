namespace Spaces.LiveKit.Protocol;

// Subsets of LiveKit's protobuf messages (livekit_models.proto), carried as proto3 JSON.
// Unlisted fields are ignored when reading; proto timestamps stay unix seconds as on the wire.

/// <summary>livekit.Room.</summary>
public sealed record Room
{
    public string Sid { get; init; } = "";
    public string Name { get; init; } = "";
    public string Metadata { get; init; } = "";
    /// <summary>Seconds the room stays open once empty.</summary>
    public uint EmptyTimeout { get; init; }
    public uint NumParticipants { get; init; }
    /// <summary>Unix seconds.</summary>
    public long CreationTime { get; init; }
}

/// <summary>livekit.ParticipantInfo.</summary>
public sealed record ParticipantInfo
{
    public string Sid { get; init; } = "";
    public string Identity { get; init; } = "";
    public string Name { get; init; } = "";
    public string Metadata { get; init; } = "";
    public ParticipantState State { get; init; }
    public IReadOnlyList<TrackInfo> Tracks { get; init; } = [];
    public ParticipantPermission? Permission { get; init; }
    /// <summary>Unix seconds.</summary>
    public long JoinedAt { get; init; }
}

/// <summary>livekit.TrackInfo.</summary>
public sealed record TrackInfo
{
    public string Sid { get; init; } = "";
    public TrackType Type { get; init; }
    public string Name { get; init; } = "";
    public TrackSource Source { get; init; }
    public bool Muted { get; init; }
}

/// <summary>
/// livekit.ParticipantPermission. proto3 has no field presence, so an update replaces every
/// field: false and an empty source list mean "not allowed", not "unchanged".
/// </summary>
public sealed record ParticipantPermission
{
    public bool CanSubscribe { get; init; }
    public bool CanPublish { get; init; }
    public bool CanPublishData { get; init; }
    /// <summary>Sources the participant may publish; empty means any source.</summary>
    public IReadOnlyList<TrackSource> CanPublishSources { get; init; } = [];
    public bool Hidden { get; init; }
    public bool CanUpdateMetadata { get; init; }
}
