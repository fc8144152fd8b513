using Microsoft.Extensions.Options;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Twirp;

namespace Spaces.LiveKit.RoomService;

/// <summary>
/// Client for LiveKit's RoomService Twirp API. Each call carries a fresh token with the narrowest grant
/// that LiveKit accepts for it. Failures surface as <see cref="LiveKitException"/> subtypes.
/// </summary>
public sealed class RoomServiceClient
{
    private readonly TwirpClient _twirp;

    public RoomServiceClient(HttpClient http, IOptions<LiveKitOptions> options, AccessTokenIssuer tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        _twirp = new TwirpClient(http, options.Value, tokens, RoomServiceMethods.PathPrefix);
    }

    /// <summary>Creates a room, or returns the existing one of that name.</summary>
    public Task<Room> CreateRoomAsync(string name, TimeSpan? emptyTimeout = null, string? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (emptyTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(emptyTimeout), emptyTimeout, "The empty timeout cannot be negative.");
        }

        var request = new CreateRoomRequest(name, (uint)(emptyTimeout?.TotalSeconds ?? 0), metadata);
        return _twirp.CallAsync<CreateRoomRequest, Room>(RoomServiceMethods.CreateRoom, request, new VideoGrant { RoomCreate = true }, cancellationToken);
    }

    /// <param name="names">Only these rooms; all rooms when null or empty.</param>
    public async Task<IReadOnlyList<Room>> ListRoomsAsync(IReadOnlyList<string>? names = null, CancellationToken cancellationToken = default)
    {
        var response = await _twirp.CallAsync<ListRoomsRequest, ListRoomsResponse>(
            RoomServiceMethods.ListRooms, new ListRoomsRequest(names), new VideoGrant { RoomList = true }, cancellationToken).ConfigureAwait(false);
        return response.Rooms ?? [];
    }

    /// <summary>Closes the room and disconnects everyone in it.</summary>
    public Task DeleteRoomAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        // LiveKit guards deletion with the same grant as creation, not with roomAdmin.
        return _twirp.CallAsync<DeleteRoomRequest, EmptyResponse>(RoomServiceMethods.DeleteRoom, new DeleteRoomRequest(room), new VideoGrant { RoomCreate = true }, cancellationToken);
    }

    public async Task<IReadOnlyList<ParticipantInfo>> ListParticipantsAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var response = await _twirp.CallAsync<ListParticipantsRequest, ListParticipantsResponse>(
            RoomServiceMethods.ListParticipants, new ListParticipantsRequest(room), VideoGrant.AdminOf(room), cancellationToken).ConfigureAwait(false);
        return response.Participants ?? [];
    }

    /// <param name="metadata">New metadata; null or empty leaves it unchanged (LiveKit ignores an empty value).</param>
    /// <param name="permission">Replaces all permissions when given; null leaves them unchanged.</param>
    public Task<ParticipantInfo> UpdateParticipantAsync(
        string room, string identity, string? metadata = null, ParticipantPermission? permission = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return _twirp.CallAsync<UpdateParticipantRequest, ParticipantInfo>(
            RoomServiceMethods.UpdateParticipant, new UpdateParticipantRequest(room, identity, metadata, permission), VideoGrant.AdminOf(room), cancellationToken);
    }

    /// <returns>The track after the change, when the server reports it.</returns>
    public async Task<TrackInfo?> MutePublishedTrackAsync(string room, string identity, string trackSid, bool muted, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentException.ThrowIfNullOrEmpty(trackSid);
        var response = await _twirp.CallAsync<MuteRoomTrackRequest, MuteRoomTrackResponse>(
            RoomServiceMethods.MutePublishedTrack, new MuteRoomTrackRequest(room, identity, trackSid, muted), VideoGrant.AdminOf(room), cancellationToken).ConfigureAwait(false);
        return response.Track;
    }

    /// <summary>Disconnects the participant; their token still lets them rejoin.</summary>
    public Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return _twirp.CallAsync<RoomParticipantIdentity, EmptyResponse>(
            RoomServiceMethods.RemoveParticipant, new RoomParticipantIdentity(room, identity), VideoGrant.AdminOf(room), cancellationToken);
    }

    public Task<Room> UpdateRoomMetadataAsync(string room, string metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentNullException.ThrowIfNull(metadata);
        return _twirp.CallAsync<UpdateRoomMetadataRequest, Room>(
            RoomServiceMethods.UpdateRoomMetadata, new UpdateRoomMetadataRequest(room, metadata), VideoGrant.AdminOf(room), cancellationToken);
    }
}
