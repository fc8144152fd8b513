using Orleans.Concurrency;

namespace Spaces.Contracts;

/// <summary>
/// One purchase of one ticket. Its id is derived from (Space, buyer, Idempotency-Key), so a retried purchase
/// addresses the same grain and gets the same ticket; the grain's single-threaded turn makes the retry wait
/// for the first attempt instead of charging twice.
/// </summary>
public interface ITicketGrain : IGrainWithStringKey
{
    /// <summary>Reserves a seat, charges the buyer, and confirms or releases the seat; a retry returns the first outcome.</summary>
    Task<TicketDetails> PurchaseAsync(TicketPurchase purchase);

    /// <summary>Refunds a paid ticket; the host of its Space or an admin only. Refunding a refunded ticket changes nothing.</summary>
    Task<TicketDetails> RefundAsync(string actorId, bool actorIsAdmin);

    /// <summary>What the payment provider reported later (webhooks): a pending payment succeeded or failed.</summary>
    Task ApplyPaymentUpdateAsync(PaymentUpdate update);

    /// <summary>The box office gave the seat of this unfinished purchase away: the payment, if any, is called off.</summary>
    [OneWay]
    Task ExpireAsync();

    /// <summary>The box office refunded this ticket with every other (the Space was canceled): the money goes back.</summary>
    [OneWay]
    Task CompleteRefundAsync();
}

/// <summary>A purchase as the buyer asked for it. <see cref="PaymentMethod"/> is the provider's id of a saved card or wallet.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketPurchase(
    [property: Id(0)] string SpaceId,
    [property: Id(1)] string BuyerId,
    [property: Id(2)] string? PaymentMethod);

[GenerateSerializer]
public enum TicketState
{
    /// <summary>A seat is held while the payment completes (e.g. the buyer's bank asks for a confirmation).</summary>
    Pending,
    Paid,
    Declined,

    /// <summary>The payment did not complete in time; the seat went back on sale.</summary>
    Expired,

    /// <summary>Access is gone and the ledger has the refund; the provider has not confirmed the money went back yet.</summary>
    RefundPending,
    Refunded,
}

/// <summary>A ticket as its buyer (and the host) sees it. Money in minor units.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketDetails
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string SpaceId { get; init; }
    [Id(2)] public required string BuyerId { get; init; }
    [Id(3)] public required TicketState State { get; init; }
    [Id(4)] public required long Price { get; init; }
    [Id(5)] public required string Currency { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? PaidAt { get; init; }
    [Id(8)] public DateTimeOffset? RefundedAt { get; init; }

    /// <summary>For a pending payment: what the client app needs to finish it with the provider (Stripe's client secret).</summary>
    [Id(9)] public string? PaymentClientSecret { get; init; }
}

[GenerateSerializer]
public enum PaymentOutcome
{
    Succeeded,
    Failed,
}

/// <summary>A provider's later word on a payment (from its webhook), addressed to the ticket it paid for.</summary>
[GenerateSerializer, Immutable]
public sealed record PaymentUpdate(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] PaymentOutcome Outcome);
