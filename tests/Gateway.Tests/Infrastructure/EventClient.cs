using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Spaces.Gateway.Tests.Infrastructure;

/// <summary>
/// A WebSocket client of /v1/ws that reads every frame in the background. Frames wait in arrival order until a
/// test takes them: <see cref="NextAsync"/> takes the first match and leaves the others in place.
/// </summary>
public sealed class EventClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly Lock _gate = new();
    private readonly List<JsonNode> _pending = [];
    private readonly Task _reader;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EventClient(WebSocket socket)
    {
        _socket = socket;
        _reader = ReadLoopAsync();
    }

    public static async Task<EventClient> ConnectAsync(Api api, string token) => new(await api.ConnectAsync(token));

    /// <summary>
    /// A socket whose session already answers a ping: what the gateway sets up on connecting (the user's notification
    /// route) is in place, since the session starts only after it.
    /// </summary>
    public static async Task<EventClient> ConnectReadyAsync(Api api, string token)
    {
        var client = await ConnectAsync(api, token);
        await client.SendAsync(new JsonObject { ["type"] = "ping" });
        await client.NextEventAsync("pong");
        return client;
    }

    /// <summary>Starts reading a socket that was opened (and maybe left unread) elsewhere.</summary>
    public static EventClient Over(WebSocket socket) => new(socket);

    public static Task SendAsync(WebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    public static JsonObject Subscribe(string spaceId, long? sinceSeq = null)
    {
        var message = new JsonObject { ["type"] = "subscribe", ["space_id"] = spaceId };
        if (sinceSeq is { } since)
        {
            message["since_seq"] = since;
        }

        return message;
    }

    public Task SendAsync(JsonObject message) => SendAsync(_socket, message);

    /// <summary>Subscribes and returns the answer (subscribed or error); replayed events stay queued before it.</summary>
    public async Task<JsonNode> SubscribeAsync(string spaceId, long? sinceSeq = null)
    {
        await SendAsync(Subscribe(spaceId, sinceSeq));
        return await NextAsync(f => Type(f) is "subscribed" or "error");
    }

    /// <summary>Takes the first queued frame that matches, waiting for it; fails after the wait.</summary>
    public Task<JsonNode> NextAsync(Func<JsonNode, bool> match, TimeSpan? wait = null) =>
        TakeAsync(
            frames => frames.FindIndex(f => match(f)) is var i and >= 0 ? i : null,
            (frames, i) =>
            {
                var frame = frames[i];
                frames.RemoveAt(i);
                return frame;
            },
            wait);

    public Task<JsonNode> NextEventAsync(string type, TimeSpan? wait = null) => NextAsync(f => Type(f) == type, wait);

    /// <summary>Takes every queued frame up to and including the first that matches <paramref name="last"/>; returns the Space events among them.</summary>
    public Task<List<JsonNode>> EventsUntilAsync(Func<JsonNode, bool> last, TimeSpan? wait = null) =>
        TakeAsync(
            frames => frames.FindIndex(f => last(f)) is var i and >= 0 ? i : null,
            (frames, i) =>
            {
                var taken = frames.Take(i + 1).Where(f => f["seq"] is not null).ToList();
                frames.RemoveRange(0, i + 1);
                return taken;
            },
            wait);

    /// <summary>Takes every queued frame, without waiting.</summary>
    public List<JsonNode> Drain()
    {
        lock (_gate)
        {
            var frames = _pending.ToList();
            _pending.Clear();
            return frames;
        }
    }

    /// <summary>Waits until the server ends the socket; true if it did within the wait.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan wait) => await Task.WhenAny(_reader, Task.Delay(wait)) == _reader;

    public static string? Type(JsonNode frame) => frame["type"]?.GetValue<string>();

    public static long Seq(JsonNode frame) => frame["seq"]!.GetValue<long>();

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _reader;
        _socket.Dispose();
    }

    private async Task<T> TakeAsync<T>(Func<List<JsonNode>, int?> find, Func<List<JsonNode>, int, T> take, TimeSpan? wait)
    {
        var deadline = Task.Delay(wait ?? DefaultWait);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (find(_pending) is { } index)
                {
                    return take(_pending, index);
                }

                arrived = _arrived.Task;
            }

            if (await Task.WhenAny(arrived, deadline) == deadline)
            {
                throw new TimeoutException("no matching frame arrived in time");
            }
        }
    }

    private void Append(JsonNode frame)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _pending.Add(frame);
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += received.Count;
                }
                while (!received.EndOfMessage);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                Append(JsonNode.Parse(buffer.AsSpan(0, length))!);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket ended.
        }
    }
}
