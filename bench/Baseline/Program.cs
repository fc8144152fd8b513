// The physical limit of fan-out on a box: a bare Kestrel WebSocket broadcast with what any real server needs and
// nothing else — a bounded queue and one writer loop per socket, one serialization per broadcast, a per-room seq.
// No auth, no actors. tools/LoadTest drives it with --target baseline:
//   GET /ws?room=R                     a listener; its first frame is {"type":"subscribed","space_id":R,"seq":N}
//   POST /rooms/{room}/events?type=T   broadcasts {"type":T,"space_id":R,"seq":N+1,"at":…}; answers {"seq":N+1}
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

const int QueueCapacity = 512; // as the gateway's Realtime:SendQueueCapacity
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentUpgradedConnections = null);
var app = builder.Build();
app.UseWebSockets();
var rooms = new ConcurrentDictionary<string, BroadcastRoom>();

app.Map("/ws", async (HttpContext context, string room) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        return Results.BadRequest();
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    var members = rooms.GetOrAdd(room, _ => new BroadcastRoom(room));
    members.Add(queue);
    var writer = WriteAsync(socket, queue.Reader);
    var buffer = new byte[1024];
    try
    {
        while (socket.State == WebSocketState.Open && (await socket.ReceiveAsync(buffer, context.RequestAborted)).MessageType != WebSocketMessageType.Close)
        {
        }
    }
    catch (Exception e) when (e is WebSocketException or OperationCanceledException)
    {
        // The listener went away.
    }

    members.Remove(queue);
    queue.Writer.TryComplete();
    await writer;
    return Results.Empty;
});

app.MapPost("/rooms/{room}/events", (string room, string type) =>
    Results.Ok(new { seq = rooms.GetOrAdd(room, _ => new BroadcastRoom(room)).Broadcast(type) }));
app.MapGet("/health/ready", () => Results.Ok());
app.Run();

static async Task WriteAsync(WebSocket socket, ChannelReader<ReadOnlyMemory<byte>> frames)
{
    try
    {
        await foreach (var frame in frames.ReadAllAsync())
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
        }

        socket.Abort(); // the queue was completed: the listener left, or was too slow and is dropped
    }
    catch (WebSocketException)
    {
        // Closed under us; the reader loop ends too.
    }
}

/// <summary>The sockets of one room; a lock orders joins and broadcasts so a listener's first seq is exact.</summary>
internal sealed class BroadcastRoom(string id)
{
    private readonly Lock _lock = new();
    private readonly HashSet<Channel<ReadOnlyMemory<byte>>> _members = [];
    private long _seq;

    public void Add(Channel<ReadOnlyMemory<byte>> queue)
    {
        lock (_lock)
        {
            queue.Writer.TryWrite(JsonSerializer.SerializeToUtf8Bytes(new { type = "subscribed", space_id = id, seq = _seq }));
            _members.Add(queue);
        }
    }

    public void Remove(Channel<ReadOnlyMemory<byte>> queue)
    {
        lock (_lock)
        {
            _members.Remove(queue);
        }
    }

    public long Broadcast(string type)
    {
        lock (_lock)
        {
            var seq = ++_seq;
            ReadOnlyMemory<byte> frame = JsonSerializer.SerializeToUtf8Bytes(new
            {
                type, space_id = id, seq, at = DateTimeOffset.UtcNow,
                stage = new { host_ids = new[] { "h" }, speaker_ids = new[] { "s1", "s2" } },
            });
            foreach (var member in _members)
            {
                if (!member.Writer.TryWrite(frame))
                {
                    member.Writer.TryComplete(); // a slow consumer is dropped, never buffered without bound
                }
            }

            return seq;
        }
    }
}
