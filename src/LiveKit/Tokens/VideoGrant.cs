using System.Text.Json.Serialization;
using Spaces.LiveKit.Protocol;

namespace Spaces.LiveKit.Tokens;

/// <summary>
/// The <c>video</c> claim of a LiveKit access token. Unset (null) fields are left out of the token;
/// LiveKit treats a missing canPublish/canSubscribe/canPublishData as <c>true</c>, so a listener
/// must carry an explicit <c>false</c>.
/// </summary>
public sealed record VideoGrant
{
    [JsonPropertyName("roomCreate")] public bool? RoomCreate { get; init; }
    [JsonPropertyName("roomList")] public bool? RoomList { get; init; }
    [JsonPropertyName("roomRecord")] public bool? RoomRecord { get; init; }
    [JsonPropertyName("roomAdmin")] public bool? RoomAdmin { get; init; }
    [JsonPropertyName("roomJoin")] public bool? RoomJoin { get; init; }
    [JsonPropertyName("room")] public string? Room { get; init; }
    [JsonPropertyName("canPublish")] public bool? CanPublish { get; init; }
    [JsonPropertyName("canSubscribe")] public bool? CanSubscribe { get; init; }
    [JsonPropertyName("canPublishData")] public bool? CanPublishData { get; init; }

    /// <summary>Written as lower snake-case names ("microphone"), the form LiveKit's SDKs put in tokens.</summary>
    [JsonPropertyName("canPublishSources")] public IReadOnlyList<TrackSource>? CanPublishSources { get; init; }

    [JsonPropertyName("canUpdateOwnMetadata")] public bool? CanUpdateOwnMetadata { get; init; }
    [JsonPropertyName("ingressAdmin")] public bool? IngressAdmin { get; init; }
    [JsonPropertyName("hidden")] public bool? Hidden { get; init; }
    [JsonPropertyName("recorder")] public bool? Recorder { get; init; }
    [JsonPropertyName("agent")] public bool? Agent { get; init; }

    /// <summary>Admin rights over one room: what RoomService needs for participant and room operations.</summary>
    public static VideoGrant AdminOf(string room) => new() { RoomAdmin = true, Room = room };

    /// <summary>Value equality including the source list, which a record compares by reference.</summary>
    public bool Equals(VideoGrant? other) =>
        other is not null
        && RoomCreate == other.RoomCreate && RoomList == other.RoomList && RoomRecord == other.RoomRecord
        && RoomAdmin == other.RoomAdmin && RoomJoin == other.RoomJoin && Room == other.Room
        && CanPublish == other.CanPublish && CanSubscribe == other.CanSubscribe && CanPublishData == other.CanPublishData
        && (CanPublishSources ?? []).SequenceEqual(other.CanPublishSources ?? [])
        && (CanPublishSources is null) == (other.CanPublishSources is null)
        && CanUpdateOwnMetadata == other.CanUpdateOwnMetadata && IngressAdmin == other.IngressAdmin
        && Hidden == other.Hidden && Recorder == other.Recorder && Agent == other.Agent;

    public override int GetHashCode() => HashCode.Combine(RoomJoin, RoomAdmin, Room, CanPublish, CanSubscribe);
}
