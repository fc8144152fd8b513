using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests.Tickets;

/// <summary>The join gate of a ticketed Space, and refunds: one by the host or an admin, all when the Space is canceled.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TicketAccessAndRefundTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Only_paid_holders_and_the_stage_may_join_a_ticketed_Space()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var (holder, _) = await scenario.HolderAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.TicketRequired, () => scenario.Space.JoinAsync(TestIds.User("freeloader")));

        var joined = await scenario.Space.JoinAsync(holder);
        Assert.Equal(Role.Listener, joined.Role);
        Assert.False(string.IsNullOrEmpty(joined.Media.Token));
        Assert.Equal(Role.Host, (await scenario.Space.JoinAsync(scenario.HostId)).Role);
    }

    [Fact]
    public async Task A_holder_made_speaker_keeps_the_stage_and_free_Spaces_stay_open_to_all()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var (holder, _) = await scenario.HolderAsync();
        await scenario.Space.JoinAsync(holder);
        await scenario.Space.RaiseHandAsync(holder);
        await scenario.Space.AddSpeakerAsync(scenario.HostId, holder);

        Assert.Equal(Role.Speaker, (await scenario.Space.JoinAsync(holder)).Role);
        var free = await SpaceScenario.LiveAsync(cluster);
        Assert.Equal(Role.Listener, (await free.Space.JoinAsync(TestIds.User())).Role);
    }

    [Fact]
    public async Task Holders_are_remembered_across_a_Space_reactivation()
    {
        var scenario = await TicketScenario.ScheduledAsync(cluster);
        var (holder, _) = await scenario.HolderAsync();

        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await scenario.Space.StartAsync(scenario.HostId);

        Assert.Equal(1, await scenario.SoldAsync());
        Assert.Equal(Role.Listener, (await scenario.Space.JoinAsync(holder)).Role);
    }

    [Fact]
    public async Task The_host_refunds_a_ticket_and_its_holder_leaves_the_room_at_once()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 1);
        var (holder, ticket) = await scenario.HolderAsync();
        await scenario.Space.JoinAsync(holder);
        await scenario.Space.RaiseHandAsync(holder);

        var refunded = await Ticket(ticket).RefundAsync(scenario.HostId, actorIsAdmin: false);

        Assert.Equal(TicketState.Refunded, refunded.State);
        Assert.Equal(cluster.Time.GetUtcNow(), refunded.RefundedAt);
        Assert.Contains($"pi_embedded_ticket-{ticket.Id}", cluster.Payments.RefundedPayments);
        var participants = await scenario.Space.GetParticipantsAsync(null, null);
        Assert.DoesNotContain(holder, participants.Listeners);
        Assert.Empty(participants.Hands);
        await Refused.AsForbiddenAsync(ErrorCodes.TicketRequired, () => scenario.Space.JoinAsync(holder));
        Assert.Equal(0, await scenario.SoldAsync());
        Assert.Equal(TicketState.Refunded, (await scenario.InWalletAsync(holder, ticket.Id)).State);
    }

    [Fact]
    public async Task A_refund_frees_the_seat_for_another_buyer_and_a_second_refund_changes_nothing()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 1);
        var (_, ticket) = await scenario.HolderAsync();
        var first = await Ticket(ticket).RefundAsync(scenario.HostId, actorIsAdmin: false);
        var refundsAfterFirst = cluster.Payments.RefundedPayments.Count;

        Assert.Equal(first, await Ticket(ticket).RefundAsync(scenario.HostId, actorIsAdmin: false));

        Assert.Equal(refundsAfterFirst, cluster.Payments.RefundedPayments.Count);
        await scenario.HolderAsync();
    }

    [Fact]
    public async Task Only_the_host_or_an_admin_may_refund()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var (holder, ticket) = await scenario.HolderAsync();
        var cohost = (await scenario.HolderAsync()).BuyerId;
        await scenario.Space.JoinAsync(cohost);
        await scenario.Space.AddCohostAsync(scenario.HostId, cohost);

        await Refused.AsForbiddenAsync(ErrorCodes.HostOrAdminOnly, () => Ticket(ticket).RefundAsync(holder, actorIsAdmin: false));
        await Refused.AsForbiddenAsync(ErrorCodes.HostOrAdminOnly, () => Ticket(ticket).RefundAsync(cohost, actorIsAdmin: false));

        Assert.Equal(TicketState.Refunded, (await Ticket(ticket).RefundAsync("some-admin", actorIsAdmin: true)).State);
    }

    [Fact]
    public async Task Unknown_and_unpaid_tickets_cannot_be_refunded()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var declined = TicketIds.For(scenario.SpaceId, cluster.DeclinedBuyer, "k");
        await Refused.ByAsync(ErrorKind.PaymentRequired, ErrorCodes.PaymentDeclined, () => scenario.BuyAsync(cluster.DeclinedBuyer, "k"));

        await Refused.ByAsync(ErrorKind.NotFound, ErrorCodes.TicketNotFound, () => cluster.Client.GetGrain<ITicketGrain>(new string('0', 32)).RefundAsync(scenario.HostId, false));
        await Refused.AsConflictAsync(ErrorCodes.TicketNotRefundable, () => cluster.Client.GetGrain<ITicketGrain>(declined).RefundAsync(scenario.HostId, false));
    }

    [Fact]
    public async Task Canceling_a_ticketed_Space_refunds_every_paid_ticket_and_releases_every_reservation()
    {
        var scenario = await TicketScenario.ScheduledAsync(cluster);
        var holders = new[] { await scenario.HolderAsync(), await scenario.HolderAsync(), await scenario.HolderAsync() };
        var pending = await scenario.BuyAsync(cluster.PendingBuyer);

        var canceled = await scenario.Space.CancelAsync(scenario.HostId);

        Assert.Equal(SpaceState.Canceled, canceled.State);
        Assert.Equal(0, canceled.Ticket!.Sold);
        foreach (var (buyer, ticket) in holders)
        {
            await Eventually.TrueAsync(async () => (await scenario.InWalletAsync(buyer, ticket.Id)).State == TicketState.Refunded, $"ticket {ticket.Id} refunded");
            Assert.Contains($"pi_embedded_ticket-{ticket.Id}", cluster.Payments.RefundedPayments);
        }

        await Eventually.TrueAsync(async () => (await scenario.InWalletAsync(cluster.PendingBuyer, pending.Id)).State == TicketState.Expired, "the pending ticket expired");
        Assert.Equal(new Earnings(scenario.SpaceId, "USD", 0, 0, 0, 3, 3), await scenario.BoxOffice.GetEarningsAsync(scenario.HostId));
        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.BuyAsync(TestIds.User("late")));
    }

    [Fact]
    public async Task Sales_and_refunds_are_published_for_the_analytics_streams()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, price: 900);
        var (buyer, ticket) = await scenario.HolderAsync();

        await Ticket(ticket).RefundAsync(scenario.HostId, actorIsAdmin: false);

        var events = cluster.TicketEvents.Of(scenario.SpaceId);
        Assert.Equal(2, events.Count);
        var sold = Assert.IsType<TicketSold>(events[0]);
        Assert.Equal((ticket.Id, buyer, 900L, "USD", 1), (sold.TicketId, sold.BuyerId, sold.Price, sold.Currency, sold.Sold));
        var refunded = Assert.IsType<TicketRefunded>(events[1]);
        Assert.Equal((ticket.Id, buyer, false), (refunded.TicketId, refunded.BuyerId, refunded.SpaceCanceled));
    }

    private ITicketGrain Ticket(TicketDetails ticket) => cluster.Client.GetGrain<ITicketGrain>(ticket.Id);
}
