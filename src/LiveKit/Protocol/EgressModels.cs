namespace Spaces.LiveKit.Protocol;

// Subsets of livekit_egress.proto's messages, carried as proto3 JSON. Unlisted fields are ignored when
// reading. Egress timestamps and durations are in nanoseconds (int64, which LiveKit writes as JSON strings).

/// <summary>
/// livekit.RoomCompositeEgressRequest: record or stream a whole room, mixed by an egress worker. For a Space,
/// <see cref="AudioOnly"/> with a segmented (HLS) output for listeners beyond the SFU, a file output for the recording.
/// </summary>
public sealed record RoomCompositeEgressRequest
{
    public string RoomName { get; init; } = "";

    /// <summary>Mix only the room's audio; no browser layout is rendered.</summary>
    public bool AudioOnly { get; init; }

    public IReadOnlyList<EncodedFileOutput> FileOutputs { get; init; } = [];

    public IReadOnlyList<SegmentedFileOutput> SegmentOutputs { get; init; } = [];
}

/// <summary>livekit.EncodedFileOutput: one file written when the egress ends.</summary>
public sealed record EncodedFileOutput
{
    public EncodedFileType FileType { get; init; }

    /// <summary>Path (with file name) in the storage; may use templates such as {room_name} and {time}.</summary>
    public string Filepath { get; init; } = "";

    /// <summary>Where to upload; null uses the storage configured on the egress service.</summary>
    public S3Upload? S3 { get; init; }
}

/// <summary>livekit.SegmentedFileOutput: an HLS playlist of short segments, uploaded while the egress runs.</summary>
public sealed record SegmentedFileOutput
{
    public SegmentedFileProtocol Protocol { get; init; }

    /// <summary>Path and name prefix of the segment files.</summary>
    public string FilenamePrefix { get; init; } = "";

    /// <summary>The playlist listing every segment (for replay).</summary>
    public string PlaylistName { get; init; } = "";

    /// <summary>A playlist of only the latest segments, for live players; none when empty.</summary>
    public string LivePlaylistName { get; init; } = "";

    /// <summary>Seconds per segment; 0 means the egress default. Players lag the live edge by about three segments.</summary>
    public uint SegmentDuration { get; init; }

    public SegmentedFileSuffix FilenameSuffix { get; init; }

    /// <summary>Where to upload; null uses the storage configured on the egress service.</summary>
    public S3Upload? S3 { get; init; }
}

/// <summary>livekit.S3Upload: an S3 (or S3-compatible) bucket and its credentials.</summary>
public sealed record S3Upload
{
    public string AccessKey { get; init; } = "";
    public string Secret { get; init; } = "";
    public string SessionToken { get; init; } = "";
    public string Region { get; init; } = "";

    /// <summary>For S3-compatible stores; empty means AWS.</summary>
    public string Endpoint { get; init; } = "";

    public string Bucket { get; init; } = "";
    public bool ForcePathStyle { get; init; }

    /// <summary>Keeps the credentials out of logs and exception messages.</summary>
    public override string ToString() => $"S3Upload {{ Bucket = {Bucket}, Region = {Region}, Endpoint = {Endpoint} }}";
}

/// <summary>livekit.EgressInfo: an egress's state, as StartRoomCompositeEgress, StopEgress, ListEgress and egress webhooks report it.</summary>
public sealed record EgressInfo
{
    public string EgressId { get; init; } = "";
    public string RoomId { get; init; } = "";
    public string RoomName { get; init; } = "";
    public EgressStatus Status { get; init; }

    /// <summary>Unix nanoseconds; 0 until the egress is active.</summary>
    public long StartedAt { get; init; }

    /// <summary>Unix nanoseconds; 0 until the egress has ended.</summary>
    public long EndedAt { get; init; }

    /// <summary>Unix nanoseconds of the last change.</summary>
    public long UpdatedAt { get; init; }

    /// <summary>The request that started it, when it was a room composite.</summary>
    public RoomCompositeEgressRequest? RoomComposite { get; init; }

    public IReadOnlyList<EgressFileInfo> FileResults { get; init; } = [];
    public IReadOnlyList<EgressSegmentsInfo> SegmentResults { get; init; } = [];

    /// <summary>Why it failed; empty otherwise.</summary>
    public string Error { get; init; } = "";

    public int ErrorCode { get; init; }
    public string Details { get; init; } = "";
}

/// <summary>livekit.FileInfo: the result of one file output.</summary>
public sealed record EgressFileInfo
{
    public string Filename { get; init; } = "";
    /// <summary>Unix nanoseconds.</summary>
    public long StartedAt { get; init; }
    /// <summary>Unix nanoseconds.</summary>
    public long EndedAt { get; init; }
    /// <summary>Nanoseconds.</summary>
    public long Duration { get; init; }
    /// <summary>Bytes.</summary>
    public long Size { get; init; }
    /// <summary>Where the file was uploaded (a URL).</summary>
    public string Location { get; init; } = "";
}

/// <summary>livekit.SegmentsInfo: the result of one segmented (HLS) output.</summary>
public sealed record EgressSegmentsInfo
{
    public string PlaylistName { get; init; } = "";
    public string LivePlaylistName { get; init; } = "";
    /// <summary>Nanoseconds.</summary>
    public long Duration { get; init; }
    /// <summary>Bytes of all segments.</summary>
    public long Size { get; init; }
    public string PlaylistLocation { get; init; } = "";
    public string LivePlaylistLocation { get; init; } = "";
    public long SegmentCount { get; init; }
    /// <summary>Unix nanoseconds.</summary>
    public long StartedAt { get; init; }
    /// <summary>Unix nanoseconds.</summary>
    public long EndedAt { get; init; }
}
