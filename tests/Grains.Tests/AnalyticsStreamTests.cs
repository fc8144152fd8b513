using Orleans.Core.Internal;
using Spaces.Contracts.Analytics;
using Spaces.Grains.Tests.Infrastructure;
using Spaces.Grains.Tickets;

namespace Spaces.Grains.Tests;

/// <summary>
/// Issue 10: every change of a Space reaches an external subscriber on the analytics streams — by Space id and on the
/// firehose — completely, in seq order per Space, after the state write, at least once (repeats carry the same
/// event id); joins, leaves and reactions go out batched per interval. Real Orleans memory streams; the subscriber
/// is the cluster client; batch windows close when the test moves the fake clock.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AnalyticsStreamTests(ClusterFixture cluster)
{
    private static readonly AnalyticsOptions Options = new();

    [Fact]
    public async Task A_scripted_session_reaches_the_firehose_and_the_Space_subscriber_completely_in_seq_order()
    {
        var spaceId = TestIds.Space();
        await using var firehose = await AnalyticsRecorder.FirehoseAsync(cluster);
        await using var bySpace = await AnalyticsRecorder.SpaceAsync(cluster, spaceId);
        var host = await cluster.NewUserAsync("host", cluster.Options.MinFollowersToHostTicketed);
        var space = cluster.Space(spaceId);

        await space.CreateAsync(host, new NewSpaceRequest("Analytics session", null, null, null, new TicketRequest(500, "USD", 10, null)));
        var (listener, speaker, refunded) = (TestIds.User("listener"), TestIds.User("speaker"), TestIds.User("refunded"));
        var listenerTicket = await BuyAsync(spaceId, listener);
        await BuyAsync(spaceId, speaker);
        var refundedTicket = await BuyAsync(spaceId, refunded);
        await space.JoinAsync(listener);
        await space.JoinAsync(speaker);
        await space.RaiseHandAsync(speaker);
        await space.AddSpeakerAsync(host, speaker);
        await space.MuteAsync(host, speaker);
        await space.ReactAsync(listener, cluster.Options.AllowedReactions[0]);
        await space.ReactAsync(listener, cluster.Options.AllowedReactions[0]);
        await space.MoveToAudienceAsync(host, speaker);
        await cluster.Client.GetGrain<ITicketGrain>(refundedTicket).RefundAsync(host, actorIsAdmin: false);
        await space.LeaveAsync(listener);
        await space.EndAsync(host);

        // Ticket events come from the box office: they carry no seq and may interleave anywhere.
        bool Complete(IReadOnlyList<AnalyticsEvent> events) =>
            events.Any(e => e is SpaceLifecycleEvent { Change: LifecycleChange.Ended })
            && events.OfType<TicketSaleEvent>().Count() == 3 && events.OfType<TicketRefundEvent>().Any() && events.OfType<LedgerEntryEvent>().Count() == 8;
        var seen = await bySpace.UntilAsync(spaceId, Complete, "the session by Space id");
        var fromFirehose = await firehose.UntilAsync(spaceId, Complete, "the session on the firehose");

        Assert.Equal(seen.Select(e => e.EventId).Order(), fromFirehose.Select(e => e.EventId).Order());
        var sequenced = seen.Where(e => e.Seq > 0).ToList();
        Assert.Equal(Enumerable.Range(1, sequenced.Count).Select(i => (long)i), sequenced.Select(e => e.Seq));
        Assert.All(sequenced, e => Assert.Equal($"{spaceId}/{e.Seq}", e.EventId));
        Assert.Equal(
            ["Created", "Started", "Presence", "HandRaised", "HandAccepted", "JoinedStage", "Muted", "Reactions", "MovedToAudience", "Presence", "Ended"],
            sequenced.Select(Describe));
        var joined = sequenced.OfType<PresenceBatch>().SelectMany(b => b.JoinedUserIds);
        Assert.Equal([listener, speaker], joined);
        Assert.Equal([listener], sequenced.OfType<PresenceBatch>().SelectMany(b => b.LeftUserIds));
        Assert.Equal(2, Assert.Single(sequenced.OfType<ReactionBatch>()).Total);
        Assert.Equal(host, sequenced.OfType<StageEvent>().Single(e => e.Action == StageAction.Muted).ActorId);
        Assert.Equal(speaker, sequenced.OfType<StageEvent>().Single(e => e.Action == StageAction.HandRaised).ActorId);
        Assert.Equal(EndReason.ByHost, sequenced.OfType<SpaceLifecycleEvent>().Last().Reason);

        var sales = seen.OfType<TicketSaleEvent>().ToList();
        Assert.Equal(1500, sales.Sum(s => s.Price));
        Assert.Contains(sales, s => s.TicketId == listenerTicket && s.ActorId == listener && s.EventId == $"{listenerTicket}:sold");
        var refund = Assert.Single(seen.OfType<TicketRefundEvent>());
        Assert.Equal((refundedTicket, refunded, 500L), (refund.TicketId, refund.BuyerId, refund.Amount));
        Assert.Equal(1500 - 500, seen.OfType<LedgerEntryEvent>().Where(e => e.Kind is LedgerEntryKind.Sale or LedgerEntryKind.Refund).Sum(e => e.Amount));
    }

    [Fact]
    public async Task A_refused_write_publishes_nothing()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        await using var recorder = await AnalyticsRecorder.SpaceAsync(cluster, scenario.SpaceId);

        cluster.Storage.FailNextWrite(scenario.Space.GetGrainId());
        await Assert.ThrowsAsync<SpacesException>(() => scenario.Space.RaiseHandAsync(listener));
        await scenario.Space.EndAsync(scenario.HostId);

        // The refused hand used no seq: the stored write that follows it carries the next one, and nothing else went out.
        var events = await recorder.UntilAsync(scenario.SpaceId, e => e.Any(x => x is SpaceLifecycleEvent { Change: LifecycleChange.Ended }), "the end");
        Assert.DoesNotContain(events, e => e is StageEvent);
        // Created is 1 and Started 2; the refused turn's events (the open join window, the hand) were never stored.
        // (Created and Started may reach this late subscriber too: memory streams deliver what their agents have not pulled yet.)
        Assert.All(events, e => Assert.IsType<SpaceLifecycleEvent>(e));
        Assert.Equal(3, events.Single(e => e is SpaceLifecycleEvent { Change: LifecycleChange.Ended }).Seq);
    }

    [Fact]
    public async Task The_stored_outbox_goes_out_again_when_the_Space_activates_with_the_same_event_ids()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        await using var recorder = await AnalyticsRecorder.SpaceAsync(cluster, scenario.SpaceId);
        await scenario.Space.RaiseHandAsync(listener);
        var raised = Assert.Single(await recorder.UntilAsync(scenario.SpaceId, e => e.Any(x => x is StageEvent), "the raised hand"), e => e is StageEvent);

        // The write stored the hand with its outbox entry; publishing cleared only the copy in memory. A new
        // activation finds the entry as a crash right after the write would leave it, and publishes it again.
        await cluster.Cluster.DeactivateAsync(scenario.Space);
        await scenario.Space.GetAsync();

        await recorder.UntilDeliveredAsync(scenario.SpaceId, d => d.Count(e => e.EventId == raised.EventId) == 2, "the redelivery");
        var again = recorder.DeliveriesOf(scenario.SpaceId).Last(e => e.EventId == raised.EventId);
        Assert.Equal((raised.Seq, raised.OccurredAt), (again.Seq, again.OccurredAt));
        Assert.Single(recorder.EventsOf(scenario.SpaceId), e => e.EventId == raised.EventId);
    }

    [Fact]
    public async Task A_thousand_joins_go_out_as_one_presence_message_per_window_and_a_batch_goes_out_before_the_next_event()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await using var recorder = await AnalyticsRecorder.SpaceAsync(cluster, scenario.SpaceId);
        var listeners = Enumerable.Range(0, 1000).Select(i => $"crowd-{i}-{scenario.SpaceId}").ToArray();
        foreach (var chunk in listeners.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(scenario.Space.JoinAsync));
        }

        foreach (var reactor in listeners.Take(30))
        {
            await scenario.Space.ReactAsync(reactor, cluster.Options.AllowedReactions[reactor.Length % 2]);
        }

        cluster.Time.Advance(Options.BatchInterval);
        var events = await recorder.UntilAsync(scenario.SpaceId, e => e.OfType<PresenceBatch>().Sum(b => b.Joins) == 1000 && e.OfType<ReactionBatch>().Any(), "the window's batches");

        // 1,000 ids fit one message (Analytics:MaxUserIdsPerBatch), so the window is one presence and one reaction message.
        var presence = Assert.Single(events.OfType<PresenceBatch>());
        Assert.Equal(listeners.Order(), presence.JoinedUserIds.Order());
        Assert.Equal(1000, presence.ListenerCount);
        Assert.Equal(30, Assert.Single(events.OfType<ReactionBatch>()).Total);

        // A window still open when another event comes goes out first, so per-Space order holds.
        await scenario.Space.LeaveAsync(listeners[0]);
        await scenario.Space.RaiseHandAsync(listeners[1]);
        events = await recorder.UntilAsync(scenario.SpaceId, e => e.Any(x => x is StageEvent), "the raised hand");
        var last = events.TakeLast(2).ToList();
        Assert.Equal([listeners[0]], Assert.IsType<PresenceBatch>(last[0]).LeftUserIds);
        Assert.Equal(StageAction.HandRaised, Assert.IsType<StageEvent>(last[1]).Action);
        Assert.Equal(last[0].Seq + 1, last[1].Seq);
    }

    [Fact]
    public async Task A_Space_deactivated_with_its_window_open_stores_and_publishes_the_window_first()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await using var recorder = await AnalyticsRecorder.SpaceAsync(cluster, scenario.SpaceId);
        var reactor = TestIds.User("reactor");
        await scenario.Space.JoinAsync(reactor);
        await scenario.Space.ReactAsync(reactor, cluster.Options.AllowedReactions[0]);

        // The clock stays put, so the window is still open when the Space deactivates, as when its silo stops.
        var deactivated = cluster.Cluster.WaitForDeactivationAsync(scenario.Space.GetGrainId());
        await scenario.Space.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await deactivated;
        var flushed = await recorder.UntilAsync(scenario.SpaceId, e => e.OfType<ReactionBatch>().Any(), "the open window's batches");

        Assert.Equal(1, Assert.Single(flushed.OfType<ReactionBatch>()).Total);
        Assert.Contains(reactor, flushed.OfType<PresenceBatch>().SelectMany(b => b.JoinedUserIds));
        // The window's seqs were stored: the reactivated Space numbers on after them.
        await scenario.Space.JoinAsync(reactor); // listeners are soft state
        await scenario.Space.RaiseHandAsync(reactor);
        var events = await recorder.UntilAsync(scenario.SpaceId, e => e.Any(x => x is StageEvent), "the raised hand");
        var sequenced = events.Where(e => e.Seq > 0).Select(e => e.Seq).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, sequenced.Count).Select(i => (long)i), sequenced);
    }

    private static string Describe(AnalyticsEvent analyticsEvent) => analyticsEvent switch
    {
        SpaceLifecycleEvent lifecycle => lifecycle.Change.ToString(),
        StageEvent stage => stage.Action.ToString(),
        _ => analyticsEvent.Family.ToString(),
    };

    private async Task<string> BuyAsync(string spaceId, string buyerId)
    {
        var ticketId = TicketIds.For(spaceId, buyerId, Guid.NewGuid().ToString());
        var ticket = await cluster.Client.GetGrain<ITicketGrain>(ticketId).PurchaseAsync(new TicketPurchase(spaceId, buyerId, null));
        Assert.Equal(TicketState.Paid, ticket.State);
        return ticketId;
    }
}
