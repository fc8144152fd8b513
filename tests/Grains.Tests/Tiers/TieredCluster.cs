using Microsoft.Extensions.DependencyInjection;
using Spaces.Grains.Media;
using Spaces.Grains.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;

namespace Spaces.Grains.Tests.Tiers;

/// <summary>A silo whose Spaces seat two listeners on WebRTC; the third and later listen over HLS.</summary>
public sealed class TieredClusterFixture() : ClusterFixture(options =>
{
    options.MaxRealtimeListeners = 2;
    options.HlsPublicBaseUrl = new Uri("https://cdn.spaces.test/live");
})
{
    public const string LivePlaylist = "https://cdn.spaces.test/live/spaces/{0}/hls/live.m3u8";

    /// <summary>The silo's room operation queue: what it still owes LiveKit, and when a room has caught up.</summary>
    public IMediaBacklog Backlog => Cluster.Silos[0].ServiceProvider.GetRequiredService<IMediaBacklog>();

    public IReadOnlyList<EgressInfo> EgressesOf(string spaceId) => [.. LiveKit.Egresses.Where(e => e.RoomName == spaceId)];

    /// <summary>
    /// Waits until the room's queue has nothing left — its LiveKit calls answered and LiveKit's answers applied by the
    /// Space — moving the clock a full backoff step at a time, so waits for a recovered LiveKit end.
    /// </summary>
    public async Task CaughtUpAsync(string spaceId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Backlog.HasWork(spaceId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"room {spaceId} still has work");
            Time.Advance(Options.MediaRetryMaxDelay);
            await Task.WhenAny(Backlog.WhenIdleAsync(spaceId), Task.Delay(20));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TieredCollection : ICollectionFixture<TieredClusterFixture>
{
    public const string Name = "tiered cluster";
}
