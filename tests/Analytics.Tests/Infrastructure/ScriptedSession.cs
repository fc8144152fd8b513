namespace Spaces.Analytics.Tests.Infrastructure;

/// <summary>A live ticketed Space (5.00 USD) with its host and two listeners-to-be, driven through the public grain calls.</summary>
public sealed class ScriptedSession
{
    private readonly AnalyticsCluster _cluster;

    private ScriptedSession(AnalyticsCluster cluster, string hostId, string spaceId)
    {
        _cluster = cluster;
        HostId = hostId;
        SpaceId = spaceId;
    }

    public const long Price = 500;

    public string HostId { get; }

    public string SpaceId { get; }

    public string Ann { get; } = $"ann-{Guid.NewGuid():N}";

    public string Bob { get; } = $"bob-{Guid.NewGuid():N}";

    public ISpaceGrain Space => _cluster.Client.GetGrain<ISpaceGrain>(SpaceId);

    public static async Task<ScriptedSession> CreateAsync(AnalyticsCluster cluster)
    {
        var hostId = $"host-{Guid.NewGuid():N}";
        var host = cluster.Client.GetGrain<IUserGrain>(hostId);
        await host.RegisterAsync("Host");
        await host.SyncFollowersCountAsync(cluster.Options.MinFollowersToHostTicketed);
        var created = await host.CreateSpaceAsync(new NewSpaceRequest("Scripted session", null, null, null, new TicketRequest(Price, "USD", 10, null)));
        return new ScriptedSession(cluster, hostId, created.Id);
    }

    /// <summary>Buys a paid ticket for <paramref name="who"/> ("ann", "bob" or any other name); returns its id.</summary>
    public async Task<string> BuyTicketAsync(string who)
    {
        var buyerId = who switch { "ann" => Ann, "bob" => Bob, _ => $"{who}-{Guid.NewGuid():N}" };
        var ticket = await _cluster.Client.GetGrain<ITicketGrain>(TicketIds.For(SpaceId, buyerId, Guid.NewGuid().ToString()))
            .PurchaseAsync(new TicketPurchase(SpaceId, buyerId, null));
        Assert.Equal(TicketState.Paid, ticket.State);
        return ticket.Id;
    }

    /// <summary>The host refunds the ticket.</summary>
    public async Task RefundAsync(string ticketId)
    {
        var refunded = await _cluster.Client.GetGrain<ITicketGrain>(ticketId).RefundAsync(HostId, actorIsAdmin: false);
        Assert.Equal(TicketState.Refunded, refunded.State);
    }
}
