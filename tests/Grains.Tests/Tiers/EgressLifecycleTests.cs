using System.Net;
using Spaces.Grains.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Webhooks;

namespace Spaces.Grains.Tests.Tiers;

/// <summary>
/// The HLS egress goes through the room's ordered, retried operation path (architecture: "Egress"): stopped before the
/// room closes when the Space ends; started again when it ends on its own while the Space is live; never started for
/// an ended Space, even when the start waited out an outage or was in flight; a LiveKit outage never fails a join.
/// </summary>
[Collection(TieredCollection.Name)]
public sealed class EgressLifecycleTests(TieredClusterFixture cluster)
{
    [Fact]
    public async Task Ending_the_Space_stops_its_egress_before_the_room_closes()
    {
        var (scenario, egress) = await WithHlsEgressAsync();
        cluster.LiveKit.ClearRequests();

        await scenario.Space.EndAsync(scenario.HostId);
        await cluster.CaughtUpAsync(scenario.SpaceId);

        Assert.Equal(EgressStatus.Ending, Assert.Single(cluster.EgressesOf(scenario.SpaceId)).Status);
        var calls = cluster.LiveKit.Requests.Where(r => r.Body.Contains(scenario.SpaceId, StringComparison.Ordinal) || r.Body.Contains(egress.EgressId, StringComparison.Ordinal)).Select(r => r.Method);
        Assert.Equal(["StopEgress", "DeleteRoom"], calls);
    }

    [Fact]
    public async Task An_egress_that_ends_on_its_own_while_live_is_started_again_and_the_new_one_stopped_at_the_end()
    {
        var (scenario, egress) = await WithHlsEgressAsync();
        await cluster.SendEgressWebhookAsync(scenario.Space, WebhookEventNames.EgressUpdated, cluster.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Active));

        await cluster.SendEgressWebhookAsync(scenario.Space, WebhookEventNames.EgressEnded, cluster.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Failed, "egress worker lost"));
        await cluster.CaughtUpAsync(scenario.SpaceId);

        var egresses = cluster.EgressesOf(scenario.SpaceId);
        Assert.Equal([EgressStatus.Failed, EgressStatus.Starting], egresses.Select(e => e.Status));
        await scenario.Space.EndAsync(scenario.HostId);
        await cluster.CaughtUpAsync(scenario.SpaceId);
        Assert.Equal(EgressStatus.Ending, cluster.EgressesOf(scenario.SpaceId)[1].Status);
    }

    [Fact]
    public async Task A_redelivered_or_stale_egress_webhook_starts_nothing()
    {
        var (scenario, egress) = await WithHlsEgressAsync();
        var active = cluster.LiveKit.AdvanceEgress(egress.EgressId, EgressStatus.Active);

        await cluster.SendEgressWebhookAsync(scenario.Space, WebhookEventNames.EgressStarted, egress);
        await cluster.SendEgressWebhookAsync(scenario.Space, WebhookEventNames.EgressUpdated, active);
        await cluster.SendEgressWebhookAsync(scenario.Space, WebhookEventNames.EgressEnded, active with { EgressId = "EG_someone_elses", Status = EgressStatus.Complete });

        Assert.False(cluster.Backlog.HasWork(scenario.SpaceId));
        Assert.Single(cluster.EgressesOf(scenario.SpaceId));
    }

    [Fact]
    public async Task A_second_egress_for_the_Space_is_stopped()
    {
        var (scenario, egress) = await WithHlsEgressAsync();
        // As a start that timed out on our side after LiveKit had accepted it would leave one.
        var duplicate = egress with { EgressId = "EG_duplicate" };

        await cluster.SendEgressWebhookAsync(scenario.Space, WebhookEventNames.EgressStarted, duplicate);
        await cluster.CaughtUpAsync(scenario.SpaceId);

        Assert.Contains(cluster.LiveKit.Requests, r => r.Method == "StopEgress" && r.Body.Contains("EG_duplicate", StringComparison.Ordinal));
        Assert.DoesNotContain(cluster.LiveKit.Requests, r => r.Method == "StopEgress" && r.Body.Contains(egress.EgressId + "\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Joins_answer_while_LiveKit_is_down_and_the_egress_starts_once_it_is_back()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await cluster.CaughtUpAsync(scenario.SpaceId);
        cluster.LiveKit.FailWith(HttpStatusCode.ServiceUnavailable);
        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => scenario.Space.JoinAsync(TestIds.User("listener"))));

            Assert.Equal(2, answers.Count(a => a.Media.Kind == MediaKind.Hls));
            Assert.True(cluster.Backlog.HasWork(scenario.SpaceId));
            Assert.True(cluster.Backlog.EgressStartsPending > 0);
        }
        finally
        {
            cluster.LiveKit.Recover();
        }

        await cluster.CaughtUpAsync(scenario.SpaceId);
        Assert.Single(cluster.EgressesOf(scenario.SpaceId));
        Assert.Equal(0, cluster.Backlog.EgressStartsPending);
    }

    [Fact]
    public async Task An_ended_Space_never_starts_the_egress_that_waited_out_an_outage()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await cluster.CaughtUpAsync(scenario.SpaceId);
        cluster.LiveKit.FailWith(HttpStatusCode.ServiceUnavailable);
        try
        {
            await scenario.ListenersAsync(3);
            // The start was refused once and now waits for a retry (not still on its way, which would be a start in flight).
            await WaitForRequestAsync("StartRoomCompositeEgress", scenario.SpaceId);
            await WaitUntilAsync(() => cluster.Backlog.RoomsWaiting > 0, "the room waiting for LiveKit");
            await scenario.Space.EndAsync(scenario.HostId);
        }
        finally
        {
            cluster.LiveKit.Recover();
        }

        await cluster.CaughtUpAsync(scenario.SpaceId);

        Assert.Empty(cluster.EgressesOf(scenario.SpaceId));
        Assert.Null(cluster.LiveKit.GetRoom(scenario.SpaceId));
    }

    [Fact]
    public async Task A_start_in_flight_when_the_Space_ends_is_stopped_when_its_id_comes_back()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await cluster.CaughtUpAsync(scenario.SpaceId);
        await scenario.ListenersAsync(2);
        cluster.LiveKit.Hang();
        try
        {
            await scenario.ListenerAsync();
            await WaitForRequestAsync("StartRoomCompositeEgress", scenario.SpaceId);
            await scenario.Space.EndAsync(scenario.HostId);
        }
        finally
        {
            cluster.LiveKit.Recover();
        }

        await cluster.CaughtUpAsync(scenario.SpaceId);

        Assert.Equal(EgressStatus.Ending, Assert.Single(cluster.EgressesOf(scenario.SpaceId)).Status);
    }

    /// <summary>A live Space whose third listener made it start its HLS egress, which LiveKit accepted.</summary>
    private async Task<(SpaceScenario Scenario, EgressInfo Egress)> WithHlsEgressAsync()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.ListenersAsync(3);
        await cluster.CaughtUpAsync(scenario.SpaceId);
        return (scenario, Assert.Single(cluster.EgressesOf(scenario.SpaceId)));
    }

    private Task WaitForRequestAsync(string method, string spaceId) =>
        WaitUntilAsync(() => cluster.LiveKit.Requests.Any(r => r.Method == method && r.Body.Contains(spaceId, StringComparison.Ordinal)), $"{method} for {spaceId}");

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }
}
