using System.Text.Json.Serialization;

namespace Spaces.LiveKit.Protocol;

// Enums of livekit_egress.proto. Member order matches the proto numbers; the attribute is the proto name,
// which is how proto3 JSON writes an enum.

/// <summary>livekit.EgressStatus: where an egress is in its life.</summary>
public enum EgressStatus
{
    /// <summary>Accepted; an egress worker is joining the room.</summary>
    [JsonStringEnumMemberName("EGRESS_STARTING")] Starting = 0,
    /// <summary>Recording or streaming.</summary>
    [JsonStringEnumMemberName("EGRESS_ACTIVE")] Active = 1,
    /// <summary>Stopped; the worker is finishing and uploading.</summary>
    [JsonStringEnumMemberName("EGRESS_ENDING")] Ending = 2,
    [JsonStringEnumMemberName("EGRESS_COMPLETE")] Complete = 3,
    /// <summary>Ended with an error; see <see cref="EgressInfo.Error"/>.</summary>
    [JsonStringEnumMemberName("EGRESS_FAILED")] Failed = 4,
    /// <summary>Ended before it became active (for example, the room closed first).</summary>
    [JsonStringEnumMemberName("EGRESS_ABORTED")] Aborted = 5,
    /// <summary>Ended by a duration or size limit of the egress service.</summary>
    [JsonStringEnumMemberName("EGRESS_LIMIT_REACHED")] LimitReached = 6,
}

/// <summary>livekit.EncodedFileType: the container of a file output; the default lets egress choose (MP4, or OGG for audio only).</summary>
public enum EncodedFileType
{
    [JsonStringEnumMemberName("DEFAULT_FILETYPE")] Default = 0,
    [JsonStringEnumMemberName("MP4")] Mp4 = 1,
    [JsonStringEnumMemberName("OGG")] Ogg = 2,
    [JsonStringEnumMemberName("MP3")] Mp3 = 3,
}

/// <summary>livekit.SegmentedFileProtocol.</summary>
public enum SegmentedFileProtocol
{
    [JsonStringEnumMemberName("DEFAULT_SEGMENTED_FILE_PROTOCOL")] Default = 0,
    [JsonStringEnumMemberName("HLS_PROTOCOL")] Hls = 1,
}

/// <summary>livekit.SegmentedFileSuffix: how segment file names are numbered.</summary>
public enum SegmentedFileSuffix
{
    [JsonStringEnumMemberName("INDEX")] Index = 0,
    [JsonStringEnumMemberName("TIMESTAMP")] Timestamp = 1,
}

public static class EgressStatusExtensions
{
    /// <summary>True once the egress has ended for good (complete, failed, aborted or limit reached); no more updates follow.</summary>
    public static bool IsFinished(this EgressStatus status) => status >= EgressStatus.Complete;

    /// <summary>True while the egress may still be stopped (starting or active), as LiveKit's StopEgress requires.</summary>
    public static bool IsStoppable(this EgressStatus status) => status is EgressStatus.Starting or EgressStatus.Active;
}
