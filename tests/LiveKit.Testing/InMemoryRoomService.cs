using System.Net;
using System.Text.Json;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.RoomService;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Testing;

/// <summary>RoomService semantics over in-memory rooms, participants and tracks. Thread-safe.</summary>
internal sealed class InMemoryRoomService(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoomState> _rooms = new(StringComparer.Ordinal);
    private int _lastId;

    private sealed class RoomState(Room room)
    {
        public Room Room { get; set; } = room;

        // Insertion-ordered by join time, as ListParticipants reports them.
        public List<ParticipantInfo> Participants { get; } = [];

        public Room Snapshot() => Room with { NumParticipants = (uint)Participants.Count };

        public int IndexOf(string identity) => Participants.FindIndex(p => p.Identity == identity);
    }

    public IReadOnlyList<Room> Rooms
    {
        get
        {
            lock (_gate)
            {
                return [.. _rooms.Values.Select(r => r.Snapshot())];
            }
        }
    }

    public Room? FindRoom(string name)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(name)?.Snapshot();
        }
    }

    public ParticipantInfo? FindParticipant(string room, string identity)
    {
        lock (_gate)
        {
            return FindParticipantLocked(room, identity);
        }
    }

    public ParticipantInfo AddParticipant(string room, string identity, string? audioTrackSid, ParticipantPermission? permission)
    {
        lock (_gate)
        {
            var state = GetOrCreateRoom(room, emptyTimeout: 0, metadata: null);
            if (state.IndexOf(identity) >= 0)
            {
                throw new InvalidOperationException($"'{identity}' is already in room '{room}'.");
            }

            var participant = new ParticipantInfo
            {
                Sid = NewId("PA_"),
                Identity = identity,
                State = ParticipantState.Active,
                JoinedAt = time.GetUtcNow().ToUnixTimeSeconds(),
                Permission = permission ?? new ParticipantPermission { CanSubscribe = true, CanPublish = true, CanPublishData = true },
                Tracks =
                [
                    new TrackInfo { Sid = audioTrackSid ?? NewId("TR_"), Type = TrackType.Audio, Source = TrackSource.Microphone, Name = "microphone" },
                ],
            };
            state.Participants.Add(participant);
            return participant;
        }
    }

    /// <summary>Checks the token's grant as LiveKit does, then runs the call.</summary>
    public TwirpReply Handle(string method, JsonElement body, VideoGrant grant)
    {
        var room = body.TryGetProperty("room", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var allowed = method switch
        {
            RoomServiceMethods.CreateRoom or RoomServiceMethods.DeleteRoom => grant.RoomCreate == true,
            RoomServiceMethods.ListRooms => grant.RoomList == true,
            _ => grant.RoomAdmin == true && grant.Room is not null && grant.Room == room,
        };
        if (!allowed)
        {
            return TwirpReply.Error(HttpStatusCode.Forbidden, "permission_denied", $"the token's grant does not permit {method} on room '{room}'");
        }

        lock (_gate)
        {
            return method switch
            {
                RoomServiceMethods.CreateRoom => CreateRoom(TwirpReply.ReadRequest<CreateRoomRequest>(body)),
                RoomServiceMethods.ListRooms => ListRooms(TwirpReply.ReadRequest<ListRoomsRequest>(body)),
                RoomServiceMethods.DeleteRoom => DeleteRoom(TwirpReply.ReadRequest<DeleteRoomRequest>(body)),
                RoomServiceMethods.ListParticipants => ListParticipants(TwirpReply.ReadRequest<ListParticipantsRequest>(body)),
                RoomServiceMethods.UpdateParticipant => UpdateParticipant(TwirpReply.ReadRequest<UpdateParticipantRequest>(body)),
                RoomServiceMethods.MutePublishedTrack => MutePublishedTrack(TwirpReply.ReadRequest<MuteRoomTrackRequest>(body)),
                RoomServiceMethods.RemoveParticipant => RemoveParticipant(TwirpReply.ReadRequest<RoomParticipantIdentity>(body)),
                RoomServiceMethods.UpdateRoomMetadata => UpdateRoomMetadata(TwirpReply.ReadRequest<UpdateRoomMetadataRequest>(body)),
                _ => TwirpReply.Error(HttpStatusCode.NotFound, "bad_route", $"no RoomService method '{method}'"),
            };
        }
    }

    private TwirpReply CreateRoom(CreateRoomRequest request) =>
        TwirpReply.Ok(GetOrCreateRoom(request.Name, request.EmptyTimeout, request.Metadata).Snapshot());

    private TwirpReply ListRooms(ListRoomsRequest request)
    {
        var names = request.Names ?? [];
        var rooms = _rooms.Values.Where(r => names.Count == 0 || names.Contains(r.Room.Name)).Select(r => r.Snapshot());
        return TwirpReply.Ok(new ListRoomsResponse([.. rooms]));
    }

    private TwirpReply DeleteRoom(DeleteRoomRequest request) =>
        _rooms.Remove(request.Room) ? TwirpReply.Ok(new EmptyResponse()) : RoomNotFound(request.Room);

    private TwirpReply ListParticipants(ListParticipantsRequest request) =>
        _rooms.TryGetValue(request.Room, out var state)
            ? TwirpReply.Ok(new ListParticipantsResponse([.. state.Participants]))
            : RoomNotFound(request.Room);

    private TwirpReply UpdateParticipant(UpdateParticipantRequest request) =>
        UpdateParticipant(request.Room, request.Identity, p => p with
        {
            // Like LiveKit, an empty metadata string means "leave unchanged".
            Metadata = string.IsNullOrEmpty(request.Metadata) ? p.Metadata : request.Metadata,
            Permission = request.Permission ?? p.Permission,
        });

    private TwirpReply MutePublishedTrack(MuteRoomTrackRequest request)
    {
        var participant = FindParticipantLocked(request.Room, request.Identity);
        if (participant?.Tracks.FirstOrDefault(t => t.Sid == request.TrackSid) is not { } track)
        {
            return TwirpReply.Error(HttpStatusCode.NotFound, "not_found", $"track '{request.TrackSid}' of '{request.Identity}' not found in room '{request.Room}'");
        }

        var muted = track with { Muted = request.Muted };
        UpdateParticipant(request.Room, request.Identity, p => p with { Tracks = [.. p.Tracks.Select(t => t.Sid == muted.Sid ? muted : t)] });
        return TwirpReply.Ok(new MuteRoomTrackResponse(muted));
    }

    private TwirpReply RemoveParticipant(RoomParticipantIdentity request)
    {
        if (Locate(request.Room, request.Identity) is not (var state, var index))
        {
            return ParticipantNotFound(request.Room, request.Identity);
        }

        state.Participants.RemoveAt(index);
        return TwirpReply.Ok(new EmptyResponse());
    }

    private TwirpReply UpdateRoomMetadata(UpdateRoomMetadataRequest request)
    {
        if (!_rooms.TryGetValue(request.Room, out var state))
        {
            return RoomNotFound(request.Room);
        }

        state.Room = state.Room with { Metadata = request.Metadata };
        return TwirpReply.Ok(state.Snapshot());
    }

    private TwirpReply UpdateParticipant(string room, string identity, Func<ParticipantInfo, ParticipantInfo> change)
    {
        if (Locate(room, identity) is not (var state, var index))
        {
            return ParticipantNotFound(room, identity);
        }

        var updated = change(state.Participants[index]);
        state.Participants[index] = updated;
        return TwirpReply.Ok(updated);
    }

    private ParticipantInfo? FindParticipantLocked(string room, string identity) =>
        Locate(room, identity) is (var state, var index) ? state.Participants[index] : null;

    private (RoomState State, int Index)? Locate(string room, string identity)
    {
        var state = _rooms.GetValueOrDefault(room);
        var index = state?.IndexOf(identity) ?? -1;
        return state is not null && index >= 0 ? (state, index) : null;
    }

    private RoomState GetOrCreateRoom(string name, uint emptyTimeout, string? metadata)
    {
        if (!_rooms.TryGetValue(name, out var state))
        {
            state = new RoomState(new Room
            {
                Sid = NewId("RM_"),
                Name = name,
                EmptyTimeout = emptyTimeout,
                Metadata = metadata ?? "",
                CreationTime = time.GetUtcNow().ToUnixTimeSeconds(),
            });
            _rooms.Add(name, state);
        }

        return state;
    }

    private string NewId(string prefix) => $"{prefix}{Interlocked.Increment(ref _lastId)}";

    private static TwirpReply RoomNotFound(string room) =>
        TwirpReply.Error(HttpStatusCode.NotFound, "not_found", $"room '{room}' not found");

    private static TwirpReply ParticipantNotFound(string room, string identity) =>
        TwirpReply.Error(HttpStatusCode.NotFound, "not_found", $"participant '{identity}' not found in room '{room}'");
}
