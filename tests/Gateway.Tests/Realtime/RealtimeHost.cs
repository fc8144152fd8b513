using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// A gateway of its own for the WebSocket suite, so its fan-out counters see only these tests; reactions are
/// practically unlimited here to make event floods cheap; sockets get small kernel send buffers and a stalled
/// send gives up after a second, as an operator would configure a gateway for very large audiences.
/// </summary>
public sealed class RealtimeHost() : GatewayHost(new Dictionary<string, string?>
{
    ["Spaces:ReactionBurst"] = "1000",
    ["Spaces:ReactionsPerSecond"] = "1000",
    ["Realtime:SendQueueCapacity"] = "256",
    ["Realtime:SendTimeout"] = "00:00:01",
    ["Realtime:SocketSendBufferBytes"] = "16384",
    // Fan-out tests open dozens of sockets as one user and toggle hands quickly.
    ["Security:MaxSocketsPerUser"] = "200",
    ["RateLimits:Connect:Burst"] = "200",
    ["RateLimits:Hand:Burst"] = "200",
});

[CollectionDefinition(Name)]
public sealed class RealtimeCollection : ICollectionFixture<RealtimeHost>
{
    public const string Name = "realtime";
}
