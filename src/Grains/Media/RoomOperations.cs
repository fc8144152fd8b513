using System.Text.Json;
using Spaces.Contracts;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.RoomService;

namespace Spaces.Grains.Media;

/// <summary>One change to a LiveKit room, applied by the room's queue; retried while LiveKit is unavailable.</summary>
internal abstract record RoomOperation
{
    public abstract Task ApplyAsync(RoomServiceClient rooms, string room, CancellationToken cancellationToken);
}

internal sealed record OpenRoom(string Title) : RoomOperation
{
    public override Task ApplyAsync(RoomServiceClient rooms, string room, CancellationToken cancellationToken) =>
        rooms.CreateRoomAsync(room, metadata: JsonSerializer.Serialize(new { title = Title }), cancellationToken: cancellationToken);
}

internal sealed record SetRole(string UserId, Role Role) : RoomOperation
{
    public override Task ApplyAsync(RoomServiceClient rooms, string room, CancellationToken cancellationToken) =>
        rooms.UpdateParticipantAsync(room, UserId, permission: MediaGrants.ForRoleChange(Role), cancellationToken: cancellationToken);
}

internal sealed record MuteMicrophone(string UserId, string? TrackSid) : RoomOperation
{
    public override async Task ApplyAsync(RoomServiceClient rooms, string room, CancellationToken cancellationToken)
    {
        // Without a track id from a webhook, ask the room which audio track the speaker publishes.
        var trackSid = TrackSid ?? await FindMicrophoneAsync(rooms, room, cancellationToken);
        if (trackSid is not null)
        {
            await rooms.MutePublishedTrackAsync(room, UserId, trackSid, muted: true, cancellationToken);
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
    public override Task ApplyAsync(RoomServiceClient rooms, string room, CancellationToken cancellationToken) =>
        rooms.RemoveParticipantAsync(room, UserId, cancellationToken);
}

internal sealed record CloseRoom : RoomOperation
{
    public override Task ApplyAsync(RoomServiceClient rooms, string room, CancellationToken cancellationToken) =>
        rooms.DeleteRoomAsync(room, cancellationToken);
}
