using Spaces.Analytics.Aggregation;
using Spaces.Analytics.Tests.Infrastructure;

namespace Spaces.Analytics.Tests;

/// <summary>
/// A scripted Space session driven through the real grains, the job subscribed as an external cluster client: its
/// summary is exactly what the session did.
/// </summary>
public sealed class SessionSummaryTests(AnalyticsCluster cluster) : IClassFixture<AnalyticsCluster>
{
    [Fact]
    public async Task The_summary_of_a_scripted_session_matches_the_session_exactly()
    {
        await using var job = await cluster.StartJobAsync(cluster.NewDatabasePath());
        var session = await ScriptedSession.CreateAsync(cluster);

        // Three tickets at 5.00 USD; Cat's is refunded before she joins.
        await session.BuyTicketAsync("ann");
        await session.BuyTicketAsync("bob");
        var cats = await session.BuyTicketAsync("cat");
        await session.RefundAsync(cats);

        // Ann and Bob join: two listeners (the peak). The test waits for the batch so the peak is in it.
        await session.Space.JoinAsync(session.Ann);
        await session.Space.JoinAsync(session.Bob);
        await Eventually.TrueAsync(() => SpaceOf(job.Aggregator.Summary(), session.SpaceId)?.TotalJoins == 2, "the joins");

        // Bob raises his hand, the host takes it, mutes him, then moves him back to the audience.
        await session.Space.RaiseHandAsync(session.Bob);
        Assert.Equal(SpeakerAction.HandAccepted, await session.Space.AddSpeakerAsync(session.HostId, session.Bob));
        await session.Space.MuteAsync(session.HostId, session.Bob);
        await session.Space.MoveToAudienceAsync(session.HostId, session.Bob);

        // Three reactions: two from Ann, one from Bob (within the burst the rate limit allows).
        await session.Space.ReactAsync(session.Ann, "👏");
        await session.Space.ReactAsync(session.Ann, "👏");
        await session.Space.ReactAsync(session.Bob, "💯");

        await session.Space.EndAsync(session.HostId);
        var archived = await cluster.WaitForSpaceEventsAsync(session.SpaceId, e => e is SpaceLifecycleEvent { Change: LifecycleChange.Ended });
        await Eventually.TrueAsync(() => job.Aggregator.Summary().EventsTotal >= archived.Count, "every event of the session");
        var summary = await job.StopAsync();

        Assert.Equal(archived.Count, summary.EventsTotal);
        Assert.Equal(0, summary.DuplicatesDropped);
        Assert.Equal(
            new SpaceSummary(PeakListeners: 2, TotalJoins: 2, StageChanges: ExpectedStageChanges, Reactions: 3, TicketsSold: 3, TicketsRefunded: 1, GrossRevenue: 1000),
            summary.Spaces[session.SpaceId]);
    }

    // hand raised, hand accepted, joined stage, muted, moved to audience.
    private const long ExpectedStageChanges = 5;

    private static SpaceSummary? SpaceOf(AnalyticsSummary summary, string spaceId) => summary.Spaces.GetValueOrDefault(spaceId);
}
