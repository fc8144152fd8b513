using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests.Tickets;

/// <summary>Buying a ticket: reserve, charge, paid; idempotent retries; one ticket per buyer; the sale windows.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TicketPurchaseTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_purchase_charges_once_and_makes_a_paid_ticket_the_Space_counts_and_the_buyer_lists()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, price: 750);
        var buyer = TestIds.User("buyer");
        var chargesBefore = cluster.Payments.SucceededCharges;

        var ticket = await scenario.BuyAsync(buyer, "key-1");

        Assert.Equal(TicketIds.For(scenario.SpaceId, buyer, "key-1"), ticket.Id);
        Assert.Equal((TicketState.Paid, scenario.SpaceId, buyer, 750L, "USD"), (ticket.State, ticket.SpaceId, ticket.BuyerId, ticket.Price, ticket.Currency));
        Assert.Equal(cluster.Time.GetUtcNow(), ticket.PaidAt);
        Assert.Null(ticket.PaymentClientSecret);
        Assert.Equal(chargesBefore + 1, cluster.Payments.SucceededCharges);
        Assert.Equal(1, await scenario.SoldAsync());
        Assert.Equal([ticket], await cluster.Client.GetGrain<ITicketWalletGrain>(buyer).GetTicketsAsync());
    }

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_same_ticket_and_never_charges_again()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var buyer = TestIds.User("buyer");
        var first = await scenario.BuyAsync(buyer, "same-key");
        var chargesAfterFirst = cluster.Payments.SucceededCharges;

        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => scenario.BuyAsync(buyer, "same-key")));

        Assert.All(retries, retry => Assert.Equal(first, retry));
        Assert.Equal(chargesAfterFirst, cluster.Payments.SucceededCharges);
        Assert.Equal(1, await scenario.SoldAsync());
    }

    [Fact]
    public async Task Concurrent_first_attempts_with_one_key_charge_once()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var buyer = TestIds.User("buyer");
        var chargesBefore = cluster.Payments.SucceededCharges;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => scenario.BuyAsync(buyer, "racing-key")));

        Assert.Single(attempts.Distinct());
        Assert.Equal(chargesBefore + 1, cluster.Payments.SucceededCharges);
    }

    [Fact]
    public async Task A_buyer_cannot_hold_two_paid_tickets_for_one_Space()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var (buyer, _) = await scenario.HolderAsync();

        await Refused.AsConflictAsync(ErrorCodes.TicketAlreadyHeld, () => scenario.BuyAsync(buyer, "another-key"));

        Assert.Equal(1, await scenario.SoldAsync());
    }

    [Fact]
    public async Task The_host_needs_no_ticket()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);

        await Refused.AsConflictAsync(ErrorCodes.HostNeedsNoTicket, () => scenario.BuyAsync(scenario.HostId));
    }

    [Fact]
    public async Task When_every_seat_is_sold_the_next_buyer_gets_sold_out()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 2);
        await scenario.HolderAsync();
        await scenario.HolderAsync();

        await Refused.AsConflictAsync(ErrorCodes.SoldOut, () => scenario.BuyAsync(TestIds.User("late")));

        Assert.Equal(new TicketView(500, "USD", 2, 2), (await scenario.Space.GetAsync()).Ticket);
    }

    [Fact]
    public async Task A_declined_payment_is_a_402_that_releases_the_seat_and_its_retry_is_not_charged_again()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 1);

        await Refused.ByAsync(ErrorKind.PaymentRequired, ErrorCodes.PaymentDeclined, () => scenario.BuyAsync(cluster.DeclinedBuyer, "declined-key"));
        await Refused.ByAsync(ErrorKind.PaymentRequired, ErrorCodes.PaymentDeclined, () => scenario.BuyAsync(cluster.DeclinedBuyer, "declined-key"));

        var (_, ticket) = await scenario.HolderAsync();
        Assert.Equal(TicketState.Paid, ticket.State);
        Assert.Equal(1, await scenario.SoldAsync());
    }

    [Fact]
    public async Task A_pending_payment_holds_the_seat_until_the_provider_reports_success()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 1);

        var pending = await scenario.BuyAsync(cluster.PendingBuyer, "pending-key");

        Assert.Equal(TicketState.Pending, pending.State);
        Assert.NotNull(pending.PaymentClientSecret);
        await Refused.AsConflictAsync(ErrorCodes.SoldOut, () => scenario.BuyAsync(TestIds.User("other")));
        await Refused.ByAsync(ErrorKind.Forbidden, ErrorCodes.TicketRequired, () => scenario.Space.JoinAsync(cluster.PendingBuyer));

        await scenario.Ticket(cluster.PendingBuyer, "pending-key").ApplyPaymentUpdateAsync(new PaymentUpdate($"pi_embedded_ticket-{pending.Id}", PaymentOutcome.Succeeded));

        var paid = await scenario.BuyAsync(cluster.PendingBuyer, "pending-key");
        Assert.Equal((pending.Id, TicketState.Paid), (paid.Id, paid.State));
        Assert.Equal(Role.Listener, (await scenario.Space.JoinAsync(cluster.PendingBuyer)).Role);
    }

    [Fact]
    public async Task A_pending_payment_that_fails_later_releases_the_seat()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 1);
        var pending = await scenario.BuyAsync(cluster.PendingBuyer, "failing-key");

        await scenario.Ticket(cluster.PendingBuyer, "failing-key").ApplyPaymentUpdateAsync(new PaymentUpdate($"pi_embedded_ticket-{pending.Id}", PaymentOutcome.Failed));

        await Refused.ByAsync(ErrorKind.PaymentRequired, ErrorCodes.PaymentDeclined, () => scenario.BuyAsync(cluster.PendingBuyer, "failing-key"));
        await scenario.HolderAsync();
    }

    [Fact]
    public async Task An_abandoned_payment_gives_the_seat_back_after_the_reservation_timeout()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 1);
        var pending = await scenario.BuyAsync(cluster.PendingBuyer, "abandoned-key");
        cluster.Time.Advance(cluster.TicketOptions.ReservationTimeout - TimeSpan.FromSeconds(1));
        await Refused.AsConflictAsync(ErrorCodes.SoldOut, () => scenario.BuyAsync(TestIds.User("early")));

        cluster.Time.Advance(TimeSpan.FromSeconds(2));

        await Eventually.TrueAsync(async () => (await scenario.InWalletAsync(cluster.PendingBuyer, pending.Id)).State == TicketState.Expired, "the ticket expired");
        Assert.Contains($"pi_embedded_ticket-{pending.Id}", cluster.Payments.CanceledPayments);
        await Refused.AsConflictAsync(ErrorCodes.ReservationExpired, () => scenario.BuyAsync(cluster.PendingBuyer, "abandoned-key"));
        await scenario.HolderAsync();
    }

    [Fact]
    public async Task A_payment_that_succeeds_after_its_reservation_expired_is_refunded_not_seated()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 1);
        var pending = await scenario.BuyAsync(cluster.PendingBuyer, "late-key");
        cluster.Time.Advance(cluster.TicketOptions.ReservationTimeout + TimeSpan.FromSeconds(1));
        var (_, seated) = await scenario.HolderAsync();
        var paymentId = $"pi_embedded_ticket-{pending.Id}";

        await scenario.Ticket(cluster.PendingBuyer, "late-key").ApplyPaymentUpdateAsync(new PaymentUpdate(paymentId, PaymentOutcome.Succeeded));

        Assert.Contains(paymentId, cluster.Payments.RefundedPayments);
        Assert.Equal(1, await scenario.SoldAsync());
        Assert.Equal(TicketState.Paid, seated.State);
    }

    [Fact]
    public async Task Sales_stop_at_sales_end()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, salesEnd: cluster.Time.GetUtcNow().AddMinutes(30));
        await scenario.HolderAsync();

        cluster.Time.Advance(TimeSpan.FromMinutes(30));

        await Refused.AsConflictAsync(ErrorCodes.SalesEnded, () => scenario.BuyAsync(TestIds.User("late")));
    }

    [Fact]
    public async Task An_ended_Space_sells_no_more_tickets()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        await scenario.HolderAsync();

        await scenario.Space.EndAsync(scenario.HostId);

        await Refused.AsConflictAsync(ErrorCodes.SpaceEnded, () => scenario.BuyAsync(TestIds.User("late")));
        Assert.Equal(1, await scenario.SoldAsync());
    }

    [Fact]
    public async Task A_free_Space_sells_no_tickets()
    {
        var free = await SpaceScenario.LiveAsync(cluster);
        var buyer = TestIds.User("buyer");

        await Refused.AsConflictAsync(
            ErrorCodes.NotTicketed,
            () => cluster.Client.GetGrain<ITicketGrain>(TicketIds.For(free.SpaceId, buyer, "k")).PurchaseAsync(new TicketPurchase(free.SpaceId, buyer, null)));
    }
}
