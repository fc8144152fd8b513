// What a .NET team would build first: an ASP.NET Core SignalR hub with one group per room, default settings.
// tools/LoadTest drives it with --target signalr, speaking the JSON hub protocol over raw WebSockets:
//   /hub, invocation Join(room)        adds the connection to the room's group; completes with the room's seq
//   POST /rooms/{room}/events?type=T   sends "event" {type, space_id, seq, at, stage} to the group; answers {seq}
using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Spaces.Bench.SignalRPeer;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxConcurrentUpgradedConnections = null);
builder.Services.AddSignalR();
builder.Services.AddSingleton<RoomSequences>();
var app = builder.Build();
app.MapHub<RoomHub>("/hub");
app.MapPost("/rooms/{room}/events", async (string room, string type, RoomSequences sequences, IHubContext<RoomHub> hub) =>
{
    var seq = await sequences.SendAsync(room, next => hub.Clients.Group(room).SendAsync("event", new
    {
        type, space_id = room, seq = next, at = DateTimeOffset.UtcNow,
        stage = new { host_ids = new[] { "h" }, speaker_ids = new[] { "s1", "s2" } },
    }));
    return Results.Ok(new { seq });
});
app.MapGet("/health/ready", () => Results.Ok());
app.Run();

namespace Spaces.Bench.SignalRPeer
{
    /// <summary>Joins and broadcasts of a room take turns, so a joiner's seq is exactly where its events start.</summary>
    public sealed class RoomSequences
    {
        private readonly ConcurrentDictionary<string, (SemaphoreSlim Turn, long[] Seq)> _rooms = new();

        public Task<long> JoinAsync(string room, Func<Task> addToGroup) => InTurnAsync(room, async seq =>
        {
            await addToGroup();
            return seq[0];
        });

        public Task<long> SendAsync(string room, Func<long, Task> send) => InTurnAsync(room, async seq =>
        {
            await send(++seq[0]);
            return seq[0];
        });

        private async Task<long> InTurnAsync(string room, Func<long[], Task<long>> action)
        {
            var (turn, seq) = _rooms.GetOrAdd(room, _ => (new SemaphoreSlim(1), new long[1]));
            await turn.WaitAsync();
            try
            {
                return await action(seq);
            }
            finally
            {
                turn.Release();
            }
        }
    }

    public sealed class RoomHub(RoomSequences sequences) : Hub
    {
        public Task<long> Join(string room) => sequences.JoinAsync(room, () => Groups.AddToGroupAsync(Context.ConnectionId, room));
    }
}
