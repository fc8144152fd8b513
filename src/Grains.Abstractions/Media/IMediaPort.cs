using System.Text.Json.Serialization;

namespace Spaces.Contracts;

/// <summary>
/// The media server as the SpaceGrain drives it. Calls return at once: implementations queue the room
/// operations and retry them in the background (state is the truth; media converges to it).
/// </summary>
public interface IMediaPort
{
    /// <summary>Credentials for one participant with grants that follow the role; minted locally, no network.</summary>
    MediaAccess IssueAccess(string spaceId, string userId, Role role);

    /// <summary>Where a listener beyond the WebRTC seats plays the Space's HLS stream (under the public base; no network).</summary>
    MediaAccess HlsAccess(string spaceId);

    void OpenRoom(string spaceId, string title);

    void SetRole(string spaceId, string userId, Role role);

    /// <summary>Mutes the user's microphone track; <paramref name="trackSid"/> when known, else the port finds it.</summary>
    void Mute(string spaceId, string userId, string? trackSid);

    void RemoveParticipant(string spaceId, string userId);

    /// <summary>
    /// Starts the room's audio-only egress of <paramref name="kind"/>, in order with the room's other operations. What
    /// LiveKit answers comes back as an <see cref="MediaEventKind.EgressChanged"/> event: the egress id, or a refusal.
    /// </summary>
    void StartEgress(string spaceId, EgressKind kind);

    void StopEgress(string spaceId, string egressId);

    void CloseRoom(string spaceId);
}

/// <summary>How one participant reaches the audio: a WebRTC room (URL and token) or an HLS playlist (URL only).</summary>
[GenerateSerializer, Immutable]
public sealed record MediaAccess(
    [property: Id(0)] string Url,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    [property: Id(2)] MediaKind Kind = MediaKind.WebRtc);

/// <summary>The two audience tiers (product.md, "Media"): interactive WebRTC, or a few seconds late over HLS.</summary>
[GenerateSerializer]
public enum MediaKind
{
    /// <summary>A LiveKit room: <see cref="MediaAccess.Url"/> and <see cref="MediaAccess.Token"/>.</summary>
    [JsonStringEnumMemberName("webrtc")] WebRtc,

    /// <summary>An HLS live playlist at <see cref="MediaAccess.Url"/>; no token.</summary>
    [JsonStringEnumMemberName("hls")] Hls,
}

/// <summary>What an egress of a Space produces.</summary>
[GenerateSerializer]
public enum EgressKind
{
    /// <summary>The live HLS stream for listeners beyond the WebRTC seats.</summary>
    Hls,

    /// <summary>One audio file of the whole Space (a recording).</summary>
    File,
}
