using Spaces.Contracts;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;

namespace Spaces.Grains.Media;

/// <summary>
/// What each role may do in the audio room (product.md, "Media"): listeners only subscribe; the host,
/// co-hosts and speakers may also publish, microphone only. Nobody gets data, hidden, recorder or admin rights.
/// </summary>
internal static class MediaGrants
{
    private static readonly IReadOnlyList<TrackSource> MicrophoneOnly = [TrackSource.Microphone];

    public static bool MayPublish(Role role) => role != Role.Listener;

    /// <summary>The token grant a participant joins with. Explicit falses: LiveKit reads a missing one as allowed.</summary>
    public static VideoGrant ForToken(string room, Role role) => new()
    {
        RoomJoin = true,
        Room = room,
        CanSubscribe = true,
        CanPublish = MayPublish(role),
        CanPublishData = false,
        CanPublishSources = MayPublish(role) ? MicrophoneOnly : null,
    };

    /// <summary>The permission pushed to a connected participant when their role changes.</summary>
    public static ParticipantPermission ForRoleChange(Role role) => new()
    {
        CanSubscribe = true,
        CanPublish = MayPublish(role),
        CanPublishData = false,
        CanPublishSources = MayPublish(role) ? MicrophoneOnly : [],
    };
}
