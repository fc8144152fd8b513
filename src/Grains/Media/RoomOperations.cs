using System.Text.Json;
using Spaces.Contracts;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.RoomService;

namespace Spaces.Grains.Media;

/// <summary>One change to a LiveKit room (or its egress), applied by the room's queue; retried while LiveKit is unavailable.</summary>
internal abstract record RoomOperation
{
    /// <summary>Still applied when the room is about to close (the close itself, an egress stop); everything else queued before the close is moot.</summary>
    public virtual bool OutlivesClose => false;

    /// <summary>Calls LiveKit's Egress service, whose outages are waited out apart from the RoomService's.</summary>
    public virtual bool UsesEgress => false;

    public abstract Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken);
}

internal sealed record OpenRoom(string Title) : RoomOperation
{
    public override Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken) =>
        liveKit.Rooms.CreateRoomAsync(room, metadata: JsonSerializer.Serialize(new { title = Title }), cancellationToken: cancellationToken);
}

internal sealed record SetRole(string UserId, Role Role) : RoomOperation
{
    public override Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken) =>
        liveKit.Rooms.UpdateParticipantAsync(room, UserId, permission: MediaGrants.ForRoleChange(Role), cancellationToken: cancellationToken);
}

internal sealed record MuteMicrophone(string UserId, string? TrackSid) : RoomOperation
{
    public override async Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken)
    {
        // Without a track id from a webhook, ask the room which audio track the speaker publishes.
        var trackSid = TrackSid ?? await FindMicrophoneAsync(liveKit.Rooms, room, cancellationToken);
        if (trackSid is not null)
        {
            await liveKit.Rooms.MutePublishedTrackAsync(room, UserId, trackSid, muted: true, cancellationToken);
        }
    }

    private async Task<string?> FindMicrophoneAsync(RoomServiceClient rooms, string room, CancellationToken cancellationToken)
    {
        var participants = await rooms.ListParticipantsAsync(room, cancellationToken);
        return participants.FirstOrDefault(p => p.Identity == UserId)?.Tracks
            .FirstOrDefault(MicrophoneTrack.Is)?.Sid;
    }
}

internal sealed record RemoveParticipant(string UserId) : RoomOperation
{
    public override Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken) =>
        liveKit.Rooms.RemoveParticipantAsync(room, UserId, cancellationToken);
}

internal sealed record CloseRoom : RoomOperation
{
    public override bool OutlivesClose => true;

    public override Task ApplyAsync(LiveKitServices liveKit, string room, CancellationToken cancellationToken) =>
        liveKit.Rooms.DeleteRoomAsync(room, cancellationToken);
}
