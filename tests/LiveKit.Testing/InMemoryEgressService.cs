using System.Net;
using System.Text.Json;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Testing;

/// <summary>
/// Egress semantics over in-memory egresses: room-composite starts for existing rooms, stop, list, and the
/// status changes a real egress worker would make (<see cref="Advance"/>). Thread-safe.
/// </summary>
internal sealed class InMemoryEgressService(TimeProvider time, Func<string, Room?> findRoom)
{
    private readonly Lock _gate = new();
    // Insertion-ordered, as ListEgress reports them.
    private readonly List<EgressInfo> _egresses = [];
    private int _lastId;

    public IReadOnlyList<EgressInfo> Egresses
    {
        get
        {
            lock (_gate)
            {
                return [.. _egresses];
            }
        }
    }

    /// <summary>Checks the token's grant as LiveKit does (roomRecord for every call), then runs the call.</summary>
    public TwirpReply Handle(string method, JsonElement body, VideoGrant grant)
    {
        if (grant.RoomRecord != true)
        {
            return TwirpReply.Error(HttpStatusCode.Forbidden, "permission_denied", $"the token's grant does not permit {method}: roomRecord is required");
        }

        lock (_gate)
        {
            return method switch
            {
                EgressMethods.StartRoomCompositeEgress => StartRoomComposite(TwirpReply.ReadRequest<RoomCompositeEgressRequest>(body)),
                EgressMethods.StopEgress => Stop(TwirpReply.ReadRequest<StopEgressRequest>(body)),
                EgressMethods.ListEgress => List(TwirpReply.ReadRequest<ListEgressRequest>(body)),
                _ => TwirpReply.Error(HttpStatusCode.NotFound, "bad_route", $"no Egress method '{method}'"),
            };
        }
    }

    /// <summary>
    /// Moves an egress to <paramref name="status"/> as its worker would: active sets the start time, a finished
    /// status sets the end time and fills the file and segment results from the request's outputs.
    /// </summary>
    /// <returns>The egress after the change, for an egress webhook.</returns>
    public EgressInfo Advance(string egressId, EgressStatus status, string? error)
    {
        lock (_gate)
        {
            var index = _egresses.FindIndex(e => e.EgressId == egressId);
            if (index < 0)
            {
                throw new InvalidOperationException($"No egress '{egressId}'.");
            }

            var now = UnixNanoseconds();
            var egress = _egresses[index];
            var startedAt = status == EgressStatus.Active && egress.StartedAt == 0 ? now : egress.StartedAt;
            var updated = egress with
            {
                Status = status,
                StartedAt = startedAt,
                UpdatedAt = now,
                EndedAt = status.IsFinished() ? now : 0,
                Error = error ?? "",
                FileResults = status.IsFinished() ? [.. FileResults(egress, startedAt, now)] : egress.FileResults,
                SegmentResults = [.. SegmentResults(egress, startedAt, status.IsFinished() ? now : 0)],
            };
            _egresses[index] = updated;
            return updated;
        }
    }

    private TwirpReply StartRoomComposite(RoomCompositeEgressRequest request)
    {
        if (string.IsNullOrEmpty(request.RoomName))
        {
            return TwirpReply.Error(HttpStatusCode.BadRequest, "invalid_argument", "room_name is required");
        }

        if (request.FileOutputs.Count == 0 && request.SegmentOutputs.Count == 0)
        {
            return TwirpReply.Error(HttpStatusCode.BadRequest, "invalid_argument", "no outputs: file_outputs or segment_outputs is required");
        }

        if (findRoom(request.RoomName) is not { } room)
        {
            return TwirpReply.Error(HttpStatusCode.NotFound, "not_found", $"room '{request.RoomName}' not found");
        }

        var egress = new EgressInfo
        {
            EgressId = $"EG_{Interlocked.Increment(ref _lastId)}",
            RoomId = room.Sid,
            RoomName = room.Name,
            Status = EgressStatus.Starting,
            UpdatedAt = UnixNanoseconds(),
            RoomComposite = request,
        };
        _egresses.Add(egress);
        return TwirpReply.Ok(egress);
    }

    private TwirpReply Stop(StopEgressRequest request)
    {
        var index = _egresses.FindIndex(e => e.EgressId == request.EgressId);
        if (index < 0)
        {
            return TwirpReply.Error(HttpStatusCode.NotFound, "not_found", $"egress '{request.EgressId}' not found");
        }

        var egress = _egresses[index];
        if (!egress.Status.IsStoppable())
        {
            return TwirpReply.Error(HttpStatusCode.PreconditionFailed, "failed_precondition", $"egress with status {egress.Status} cannot be stopped");
        }

        _egresses[index] = egress with { Status = EgressStatus.Ending, UpdatedAt = UnixNanoseconds() };
        return TwirpReply.Ok(_egresses[index]);
    }

    private TwirpReply List(ListEgressRequest request) =>
        TwirpReply.Ok(new ListEgressResponse([
            .. _egresses.Where(e =>
                (string.IsNullOrEmpty(request.RoomName) || e.RoomName == request.RoomName)
                && (string.IsNullOrEmpty(request.EgressId) || e.EgressId == request.EgressId)
                && (!request.Active || !e.Status.IsFinished())),
        ]));

    private static IEnumerable<EgressFileInfo> FileResults(EgressInfo egress, long startedAt, long endedAt) =>
        (egress.RoomComposite?.FileOutputs ?? []).Select(output => new EgressFileInfo
        {
            Filename = output.Filepath,
            StartedAt = startedAt,
            EndedAt = endedAt,
            Duration = startedAt == 0 ? 0 : endedAt - startedAt,
            Location = $"memory://{output.Filepath}",
        });

    private static IEnumerable<EgressSegmentsInfo> SegmentResults(EgressInfo egress, long startedAt, long endedAt) =>
        (egress.RoomComposite?.SegmentOutputs ?? []).Select(output => new EgressSegmentsInfo
        {
            PlaylistName = output.PlaylistName,
            LivePlaylistName = output.LivePlaylistName,
            PlaylistLocation = $"memory://{output.PlaylistName}",
            LivePlaylistLocation = output.LivePlaylistName.Length == 0 ? "" : $"memory://{output.LivePlaylistName}",
            StartedAt = startedAt,
            EndedAt = endedAt,
        });

    private long UnixNanoseconds() => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
