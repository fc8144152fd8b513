using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Spaces.LoadTest;

/// <summary>
/// The reference servers in bench/: no accounts and no stage, a room is a name and a stage change is
/// <c>POST /rooms/{room}/events?type=stage.changed</c>, which answers the seq it was broadcast with.
/// </summary>
public abstract class BroadcastTarget(Uri url, string runId) : LoadTarget(url, runId)
{
    private readonly ConcurrentDictionary<string, long> _lastSeq = new();

    public override Task<IReadOnlyList<string>> PrepareRoomsAsync(int rooms, int speakers, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Range(0, rooms).Select(r => $"room{r}-{RunId}")]);

    public override async Task<Trigger> ChangeStageAsync(string room, int change, CancellationToken cancellationToken)
    {
        var sentAt = Stopwatch.GetTimestamp();
        var seq = await BroadcastAsync(room, "stage.changed", cancellationToken).ConfigureAwait(false);
        return new Trigger(seq, sentAt);
    }

    public override Task ReactAsync(string room, int index, CancellationToken cancellationToken) =>
        BroadcastAsync(room, "reaction", cancellationToken);

    public override long LastSeq(string room) => _lastSeq.GetValueOrDefault(room);

    private async Task<long> BroadcastAsync(string room, string type, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, $"/rooms/{room}/events?type={type}", null, null, cancellationToken).ConfigureAwait(false);
        var seq = answer!["seq"]!.GetValue<long>();
        _lastSeq.AddOrUpdate(room, seq, (_, last) => Math.Max(last, seq));
        return seq;
    }
}

/// <summary>bench/Baseline: a socket per listener at <c>/ws?room=</c>, answered first with <c>subscribed</c>.</summary>
public sealed class BaselineTarget(Uri url, string runId) : BroadcastTarget(url, runId)
{
    public override async Task<double> JoinAsync(Listener listener, int index, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await listener.Socket.ConnectAsync(SocketUrl($"/ws?room={listener.Room}"), cancellationToken).ConfigureAwait(false);
        listener.StartReceiving();
        await listener.Subscribed.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}

/// <summary>bench/SignalRPeer spoken as SignalR's JSON hub protocol over the same raw sockets, so the client costs the same.</summary>
public sealed class SignalRTarget(Uri url, string runId) : BroadcastTarget(url, runId)
{
    private const char Separator = (char)Listener.RecordSeparator;

    public override string? KeepAliveMessage => $$"""{"type":6}{{Separator}}""";

    public override async Task<double> JoinAsync(Listener listener, int index, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await listener.Socket.ConnectAsync(SocketUrl("/hub"), cancellationToken).ConfigureAwait(false);
        listener.StartReceiving();
        await listener.SendTextAsync($$"""{"protocol":"json","version":1}{{Separator}}""", cancellationToken).ConfigureAwait(false);
        var join = new JsonObject { ["type"] = 1, ["invocationId"] = "join", ["target"] = "Join", ["arguments"] = new JsonArray(listener.Room) };
        await listener.SendTextAsync(join.ToJsonString() + Separator, cancellationToken).ConfigureAwait(false);
        await listener.Subscribed.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
