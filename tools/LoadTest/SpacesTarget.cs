using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Spaces.LoadTest;

/// <summary>
/// A Spaces deployment, driven only through docs/product.md: dev tokens, the admin follower route, create,
/// subscribe, join, hand, accept, move back, reactions. Every listener is a user of its own, since limits
/// are per user. A stage change moves one "rotating" audience member onto the stage (hand raised, then
/// accepted: the accept is the trigger) or back to the audience.
/// </summary>
public sealed class SpacesTarget(Uri url, string runId) : LoadTarget(url, runId)
{
    private const int HostFollowers = 1000;
    private const int TokenConcurrency = 32;
    private readonly ConcurrentDictionary<string, Room> _rooms = new();
    private readonly ConcurrentDictionary<int, Task<string>> _listenerTokens = new();

    public override async Task<IReadOnlyList<string>> PrepareRoomsAsync(int rooms, int speakers, CancellationToken cancellationToken)
    {
        var admin = await TokenAsync($"admin-{RunId}", cancellationToken, admin: true).ConfigureAwait(false);
        var ids = new List<string>();
        for (var r = 0; r < rooms; r++)
        {
            var room = await CreateRoomAsync(r, speakers, admin, cancellationToken).ConfigureAwait(false);
            _rooms[room.SpaceId] = room;
            ids.Add(room.SpaceId);
        }

        return ids;
    }

    /// <summary>Mints every listener's dev token ahead of the ramp, a few at a time.</summary>
    public override Task PrepareListenersAsync(int from, int to, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            Enumerable.Range(from, to - from),
            new ParallelOptions { MaxDegreeOfParallelism = TokenConcurrency, CancellationToken = cancellationToken },
            async (index, token) => await ListenerTokenAsync(index, token).ConfigureAwait(false));

    public override async Task<double> JoinAsync(Listener listener, int index, CancellationToken cancellationToken)
    {
        var token = await ListenerTokenAsync(index, cancellationToken).ConfigureAwait(false);
        await SubscribeAsync(listener, token, cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await SendAsync(HttpMethod.Post, $"/v1/spaces/{listener.Room}/join", token, null, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public override async Task<Trigger> ChangeStageAsync(string room, int change, CancellationToken cancellationToken)
    {
        var r = _rooms[room];
        long sentAt;
        if (change % 2 == 0)
        {
            await SendAsync(HttpMethod.Put, $"/v1/spaces/{room}/hand", r.RotatingToken, null, cancellationToken).ConfigureAwait(false);
            sentAt = Stopwatch.GetTimestamp();
            await SendAsync(HttpMethod.Post, $"/v1/spaces/{room}/speakers/{r.RotatingUserId}", r.HostToken, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            sentAt = Stopwatch.GetTimestamp();
            await SendAsync(HttpMethod.Delete, $"/v1/spaces/{room}/speakers/{r.RotatingUserId}", r.HostToken, null, cancellationToken).ConfigureAwait(false);
        }

        // The host's own socket saw the stage change: that is the seq every listener should receive.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var seq = await r.StageSeqs.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        return new Trigger(seq, sentAt);
    }

    public override async Task ReactAsync(string room, int index, CancellationToken cancellationToken)
    {
        var token = await ListenerTokenAsync(index, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Post, $"/v1/spaces/{room}/reactions", token, new JsonObject { ["emoji"] = "👏" }, cancellationToken).ConfigureAwait(false);
    }

    public override long LastSeq(string room) => _rooms[room].Observer.MaxSeq;

    public override void Dispose()
    {
        foreach (var room in _rooms.Values)
        {
            room.Observer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose();
    }

    private async Task<Room> CreateRoomAsync(int r, int speakers, string admin, CancellationToken cancellationToken)
    {
        var hostId = $"h{r}-{RunId}";
        var host = await TokenAsync(hostId, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Put, $"/v1/admin/users/{hostId}/followers", admin, new JsonObject { ["count"] = HostFollowers }, cancellationToken).ConfigureAwait(false);
        var space = await SendAsync(HttpMethod.Post, "/v1/spaces", host, new JsonObject { ["title"] = $"Load test {r}" }, cancellationToken).ConfigureAwait(false);
        var spaceId = space!["id"]!.GetValue<string>();
        await SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", host, null, cancellationToken).ConfigureAwait(false);
        for (var s = 0; s < speakers; s++)
        {
            var speakerId = $"s{r}-{s}-{RunId}";
            var speaker = await TokenAsync(speakerId, cancellationToken).ConfigureAwait(false);
            await SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", speaker, null, cancellationToken).ConfigureAwait(false);
            await SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", speaker, null, cancellationToken).ConfigureAwait(false);
            await SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/speakers/{speakerId}", host, null, cancellationToken).ConfigureAwait(false);
        }

        var stageSeqs = Channel.CreateUnbounded<long>();
        var observer = new Listener(spaceId, signalR: false) { OnStageChanged = seq => stageSeqs.Writer.TryWrite(seq) };
        await SubscribeAsync(observer, host, cancellationToken).ConfigureAwait(false);
        var rotatingId = $"r{r}-{RunId}";
        var rotating = await TokenAsync(rotatingId, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", rotating, null, cancellationToken).ConfigureAwait(false);
        return new Room(spaceId, host, rotatingId, rotating, observer, stageSeqs);
    }

    private async Task SubscribeAsync(Listener listener, string token, CancellationToken cancellationToken)
    {
        listener.Socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        await listener.Socket.ConnectAsync(SocketUrl("/v1/ws"), cancellationToken).ConfigureAwait(false);
        listener.StartReceiving();
        await listener.SendTextAsync(new JsonObject { ["type"] = "subscribe", ["space_id"] = listener.Room }.ToJsonString(), cancellationToken).ConfigureAwait(false);
        await listener.Subscribed.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<string> ListenerTokenAsync(int index, CancellationToken cancellationToken) =>
        _listenerTokens.GetOrAdd(index, i => TokenAsync($"l{i}-{RunId}", cancellationToken));

    private async Task<string> TokenAsync(string userId, CancellationToken cancellationToken, bool admin = false)
    {
        var body = new JsonObject { ["user_id"] = userId, ["display_name"] = userId };
        if (admin)
        {
            body["roles"] = new JsonArray("admin");
        }

        var answer = await SendAsync(HttpMethod.Post, "/v1/dev/token", null, body, cancellationToken).ConfigureAwait(false);
        return answer!["token"]!.GetValue<string>();
    }

    private sealed record Room(string SpaceId, string HostToken, string RotatingUserId, string RotatingToken, Listener Observer, Channel<long> StageSeqs);
}
