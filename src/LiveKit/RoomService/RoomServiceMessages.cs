using Spaces.LiveKit.Protocol;

namespace Spaces.LiveKit.RoomService;

// Request and response messages of livekit.RoomService (livekit_room.proto), shared with the test server.

internal static class RoomServiceMethods
{
    public const string PathPrefix = "/twirp/livekit.RoomService/";

    public const string CreateRoom = nameof(CreateRoom);
    public const string ListRooms = nameof(ListRooms);
    public const string DeleteRoom = nameof(DeleteRoom);
    public const string ListParticipants = nameof(ListParticipants);
    public const string UpdateParticipant = nameof(UpdateParticipant);
    public const string MutePublishedTrack = nameof(MutePublishedTrack);
    public const string RemoveParticipant = nameof(RemoveParticipant);
    public const string UpdateRoomMetadata = nameof(UpdateRoomMetadata);
}

internal sealed record CreateRoomRequest(string Name, uint EmptyTimeout = 0, string? Metadata = null);

internal sealed record ListRoomsRequest(IReadOnlyList<string>? Names = null);

internal sealed record ListRoomsResponse(IReadOnlyList<Room>? Rooms);

internal sealed record DeleteRoomRequest(string Room);

internal sealed record ListParticipantsRequest(string Room);

internal sealed record ListParticipantsResponse(IReadOnlyList<ParticipantInfo>? Participants);

internal sealed record UpdateParticipantRequest(string Room, string Identity, string? Metadata = null, ParticipantPermission? Permission = null);

internal sealed record MuteRoomTrackRequest(string Room, string Identity, string TrackSid, bool Muted);

internal sealed record MuteRoomTrackResponse(TrackInfo? Track);

/// <summary>The request of RemoveParticipant (and GetParticipant).</summary>
internal sealed record RoomParticipantIdentity(string Room, string Identity);

internal sealed record UpdateRoomMetadataRequest(string Room, string Metadata);

/// <summary>The empty responses of DeleteRoom and RemoveParticipant.</summary>
internal sealed record EmptyResponse;
