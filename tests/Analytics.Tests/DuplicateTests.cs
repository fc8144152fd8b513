using Spaces.Analytics.Tests.Infrastructure;

namespace Spaces.Analytics.Tests;

/// <summary>Streams deliver at least once: the job counts an event once however often it arrives.</summary>
public sealed class DuplicateTests(AnalyticsCluster cluster) : IClassFixture<AnalyticsCluster>
{
    [Fact]
    public async Task An_event_delivered_twice_is_counted_once_and_reported_as_a_dropped_duplicate()
    {
        var spaceId = SampleEvents.NewSpaceId();
        var at = DateTimeOffset.UtcNow;
        await using var job = await cluster.StartJobAsync(cluster.NewDatabasePath());
        var joined = SampleEvents.Presence(spaceId, 1, at, ["ann", "ben"], [], listeners: 2);

        await cluster.PublishAsync(joined);
        await cluster.PublishAsync(joined with { }); // the same event again: same id, as a redelivery carries
        await Eventually.TrueAsync(() => job.Aggregator.Summary().DuplicatesDropped == 1, "the redelivery");
        var summary = await job.StopAsync();

        Assert.Equal(1, summary.EventsTotal);
        Assert.Equal(1, summary.DuplicatesDropped);
        Assert.Equal(2, summary.Spaces[spaceId].TotalJoins);
        var stored = job.Query($"SELECT count(*) AS events FROM events WHERE space_id = '{spaceId}'");
        Assert.Equal(1L, Convert.ToInt64(stored[0]["events"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
