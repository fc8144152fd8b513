using Spaces.Contracts.Analytics;

namespace Spaces.Cluster.Tests.Infrastructure;

/// <summary>
/// The scripted Space session of issue 10, through the public grain calls, in two halves so a test can break the
/// cluster in between: create (ticketed, live at once), ticket sales, joins, a hand raised and accepted, reactions;
/// then (listeners re-join: they are soft state) a hand raised and dismissed, reactions, a refund, a leave, the end.
/// </summary>
public sealed class ScriptedSession(IGrainFactory grains)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, string> _tickets = [];

    public string HostId => $"host-{_run}";

    public string SpaceId { get; private set; } = "";

    public string Speaker => $"speaker-{_run}";

    public string Listener => $"listener-{_run}";

    public string Refunded => $"refunded-{_run}";

    /// <summary>Reactions sent in the whole session.</summary>
    public int Reactions { get; private set; }

    private ISpaceGrain Space => grains.GetGrain<ISpaceGrain>(SpaceId);

    public async Task FirstHalfAsync()
    {
        var host = grains.GetGrain<IUserGrain>(HostId);
        await host.RegisterAsync("Host");
        await host.SyncFollowersCountAsync(1500); // enough to host ticketed Spaces
        SpaceId = (await host.CreateSpaceAsync(new NewSpaceRequest("Analytics session", null, null, "en", new TicketRequest(500, "USD", 10, null)))).Id;
        foreach (var user in new[] { Speaker, Listener, Refunded })
        {
            var ticketId = TicketIds.For(SpaceId, user, "session");
            var ticket = await grains.GetGrain<ITicketGrain>(ticketId).PurchaseAsync(new TicketPurchase(SpaceId, user, null));
            Assert.Equal(TicketState.Paid, ticket.State);
            _tickets[user] = ticketId;
            await Space.JoinAsync(user);
        }

        await Space.RaiseHandAsync(Speaker);
        Assert.Equal(SpeakerAction.HandAccepted, await Space.AddSpeakerAsync(HostId, Speaker));
        await ReactAsync(Listener, "👏");
        await ReactAsync(Refunded, "💯");
    }

    public async Task SecondHalfAsync()
    {
        foreach (var user in new[] { Speaker, Listener, Refunded })
        {
            await Space.JoinAsync(user);
        }

        await Space.RaiseHandAsync(Listener);
        await Space.LowerHandAsync(HostId, Listener);
        await ReactAsync(Listener, "👏");
        await grains.GetGrain<ITicketGrain>(_tickets[Refunded]).RefundAsync(HostId, actorIsAdmin: false);
        await Space.LeaveAsync(Listener);
        await Space.EndAsync(HostId);
    }

    /// <summary>The session's events are all there: the Space's seqs 1…N without a gap, ending with the end, and the tickets' sale and refund.</summary>
    public bool IsComplete(IReadOnlyList<AnalyticsEvent> events)
    {
        var seqs = events.Where(e => e.Seq > 0).Select(e => e.Seq).Order().ToList();
        return seqs.Count > 0 && seqs[^1] == seqs.Count
            && events.OfType<SpaceLifecycleEvent>().Any(e => e.Change == LifecycleChange.Ended)
            && events.OfType<SpaceLifecycleEvent>().Max(e => e.Seq) == seqs[^1]
            && events.OfType<TicketSaleEvent>().Count() == _tickets.Count
            && events.OfType<TicketRefundEvent>().Any()
            && events.OfType<ReactionBatch>().Sum(r => r.Total) == Reactions;
    }

    /// <summary>What the session did, as its events must tell it.</summary>
    public void AssertTold(IReadOnlyList<AnalyticsEvent> events)
    {
        Assert.All(events, e => Assert.Equal(SpaceId, e.SpaceId));
        var lifecycle = events.OfType<SpaceLifecycleEvent>().Select(e => e.Change).ToList();
        Assert.Equal(LifecycleChange.Created, lifecycle[0]);
        Assert.Equal(LifecycleChange.Ended, lifecycle[^1]);
        var stage = events.OfType<StageEvent>().Select(e => (e.UserId, e.Action)).ToList();
        Assert.Contains((Speaker, StageAction.HandRaised), stage);
        Assert.Contains((Speaker, StageAction.HandAccepted), stage);
        Assert.Contains((Listener, StageAction.HandRaised), stage);
        Assert.Contains((Listener, StageAction.HandDismissed), stage);
        var joined = events.OfType<PresenceBatch>().SelectMany(p => p.JoinedUserIds).ToHashSet();
        Assert.Superset(new HashSet<string> { Speaker, Listener, Refunded }, joined);
        Assert.Contains(Listener, events.OfType<PresenceBatch>().SelectMany(p => p.LeftUserIds));
        Assert.Equal(Reactions, events.OfType<ReactionBatch>().Sum(r => r.Total));
        Assert.Equal(_tickets.Values.Order(), events.OfType<TicketSaleEvent>().Select(e => e.TicketId).Order());
        Assert.Equal(_tickets[Refunded], Assert.Single(events.OfType<TicketRefundEvent>()).TicketId);
        Assert.Contains(events.OfType<LedgerEntryEvent>(), e => e.Amount < 0);
    }

    private async Task ReactAsync(string userId, string emoji)
    {
        await Space.ReactAsync(userId, emoji);
        Reactions++;
    }
}
