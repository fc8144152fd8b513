using System.Globalization;
using Spaces.Analytics.Tests.Infrastructure;

namespace Spaces.Analytics.Tests;

/// <summary>A job that was down gets what happened meanwhile from the cluster's archive, from the checkpoint in its DuckDB file.</summary>
public sealed class CatchUpTests(AnalyticsCluster cluster) : IClassFixture<AnalyticsCluster>
{
    [Fact]
    public async Task A_restarted_job_catches_up_on_what_happened_while_it_was_down_and_counts_nothing_twice()
    {
        var spaceId = SampleEvents.NewSpaceId();
        var at = DateTimeOffset.UtcNow;
        var database = cluster.NewDatabasePath();
        var before = SampleEvents.Presence(spaceId, 1, at, ["ann"], [], listeners: 1);
        var whileDown = new AnalyticsEvent[]
        {
            SampleEvents.Presence(spaceId, 2, at.AddSeconds(1), ["ben", "cat"], [], listeners: 3),
            SampleEvents.Presence(spaceId, 3, at.AddSeconds(2), [], ["ann"], listeners: 2),
        };

        await using (var first = await cluster.StartJobAsync(database))
        {
            await cluster.PublishAsync(before);
            await Eventually.TrueAsync(() => first.Aggregator.Summary().Spaces.ContainsKey(spaceId), "the first event");
            Assert.Equal(1, (await first.StopAsync()).EventsTotal);
        }

        foreach (var e in whileDown)
        {
            await cluster.PublishAsync(e);
        }

        await cluster.WaitArchivedAsync(whileDown);
        await using var second = await cluster.StartJobAsync(database);
        var summary = await second.StopAsync();

        Assert.Equal(2, second.CaughtUp);
        Assert.Equal(2, summary.EventsTotal); // the first run's event is in the file: not counted again
        Assert.Equal(0, summary.DuplicatesDropped);
        Assert.Equal(3, summary.Spaces[spaceId].PeakListeners);
        Assert.Equal(2, summary.Spaces[spaceId].TotalJoins);
        var stored = second.Query($"SELECT seq FROM events WHERE space_id = '{spaceId}' ORDER BY seq");
        Assert.Equal([1L, 2L, 3L], stored.Select(r => Convert.ToInt64(r["seq"], CultureInfo.InvariantCulture)));
        var checkpoints = second.Query("SELECT sum(position) AS positions FROM archive_checkpoints");
        Assert.True(Convert.ToInt64(checkpoints[0]["positions"]?.ToString(), CultureInfo.InvariantCulture) >= 3);
    }
}
