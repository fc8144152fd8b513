using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
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

/// <summary>
/// The ticket sales of one ticketed Space (keyed by its id): the single writer of its seat counts, so capacity
/// holds under any concurrency. Its turns are short; the slow charge happens in the <see cref="ITicketGrain"/>
/// between <see cref="ReserveAsync"/> and <see cref="ConfirmAsync"/>/<see cref="ReleaseAsync"/>.
/// </summary>
public interface IBoxOfficeGrain : IGrainWithStringKey
{
    /// <summary>Called once by the Space when it is created ticketed.</summary>
    Task OpenAsync(string hostId, TicketTerms terms);

    /// <summary>Holds a seat for the ticket until it is confirmed, released, or the reservation times out.</summary>
    Task<TicketReservation> ReserveAsync(string ticketId, string buyerId);

    /// <summary>The seat is paid. False when the reservation was gone (timed out or the Space closed): the charge must be undone.</summary>
    Task<bool> ConfirmAsync(string ticketId, string paymentId);

    Task ReleaseAsync(string ticketId);

    /// <summary>Takes a paid ticket back: its seat frees up, the ledger gets the refund. Revoking it again changes nothing.</summary>
    Task RevokeAsync(string ticketId);

    /// <summary>The Space ended: no more sales.</summary>
    Task CloseSalesAsync();

    /// <summary>The Space was canceled: sales close, every paid ticket is refunded and every reservation released.</summary>
    Task RefundAllAsync();

    /// <summary>Who holds a paid ticket: buyer id → ticket id.</summary>
    Task<IReadOnlyDictionary<string, string>> GetHoldersAsync();

    Task<BuyersPage> GetBuyersAsync(string actorId, long? cursor, int? limit);

    Task<Earnings> GetEarningsAsync(string actorId);
}

/// <summary>The side of a ticketed Space the box office talks to: who may join because they paid.</summary>
public interface ISpaceTicketGate : IGrainWithStringKey
{
    Task AdmitTicketHolderAsync(string userId, string ticketId);

    /// <summary>The ticket was refunded: its holder loses access and leaves the room if present.</summary>
    Task RevokeTicketHolderAsync(string userId, string ticketId);
}

/// <summary>A host's earnings: append-only entries for sales, refunds and platform fees; totals are sums of entries.</summary>
public interface IEarningsLedgerGrain : IGrainWithStringKey
{
    /// <summary>Appends the entries whose ids are new; a replayed entry is ignored.</summary>
    Task AppendAsync(IReadOnlyList<LedgerEntry> entries);

    Task<Earnings> GetEarningsAsync(string spaceId, string currency);
}

/// <summary>The tickets one user bought (keyed by user id), kept current by each ticket.</summary>
public interface ITicketWalletGrain : IGrainWithStringKey
{
    Task RecordAsync(TicketDetails ticket);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<TicketDetails>> GetTicketsAsync();
}

/// <summary>What a host asks for when creating a ticketed Space; checked field by field (<c>ticket.price</c>, ...).</summary>
[GenerateSerializer, Immutable]
public sealed record TicketRequest(
    [property: Id(0)] long? Price,
    [property: Id(1)] string? Currency,
    [property: Id(2)] int? Capacity,
    [property: Id(3)] DateTimeOffset? SalesEnd);

/// <summary>The validated sale terms of a ticketed Space. Price in minor units of an ISO 4217 currency.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketTerms(
    [property: Id(0)] long Price,
    [property: Id(1)] string Currency,
    [property: Id(2)] int Capacity,
    [property: Id(3)] DateTimeOffset? SalesEnd);

/// <summary>A purchase as the buyer asked for it. <see cref="PaymentMethod"/> is the provider's id of a saved card or wallet.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketPurchase(
    [property: Id(0)] string SpaceId,
    [property: Id(1)] string BuyerId,
    [property: Id(2)] string? PaymentMethod);

[GenerateSerializer, Immutable]
public sealed record TicketReservation(
    [property: Id(0)] string HostId,
    [property: Id(1)] long Price,
    [property: Id(2)] string Currency);

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

[GenerateSerializer, Immutable]
public sealed record Buyer(
    [property: Id(0)] string UserId,
    [property: Id(1)] string TicketId,
    [property: Id(2)] DateTimeOffset PaidAt);

/// <summary>One page of the paid buyers, in the order they paid.</summary>
[GenerateSerializer, Immutable]
public sealed record BuyersPage(
    [property: Id(0)] string SpaceId,
    [property: Id(1)] int Total,
    [property: Id(2)] IReadOnlyList<Buyer> Buyers,
    [property: Id(3)] long? NextCursor);

/// <summary>
/// A Space's earnings, summed from the host's ledger. <see cref="Gross"/> = sales − refunds;
/// <see cref="Fee"/> = platform fees kept (a refund returns its fee); <see cref="Net"/> = gross − fee.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Earnings(
    [property: Id(0)] string SpaceId,
    [property: Id(1)] string Currency,
    [property: Id(2)] long Gross,
    [property: Id(3)] long Fee,
    [property: Id(4)] long Net,
    [property: Id(5)] int TicketsSold,
    [property: Id(6)] int TicketsRefunded);

[GenerateSerializer]
public enum LedgerEntryKind
{
    /// <summary>+price.</summary>
    Sale,

    /// <summary>−fee, booked with each sale.</summary>
    PlatformFee,

    /// <summary>−price.</summary>
    Refund,

    /// <summary>+fee: the platform gives its fee back with a refund.</summary>
    PlatformFeeReversal,
}

/// <summary>One line of a host's ledger; <see cref="Amount"/> is signed, in minor units. Ids make appends idempotent.</summary>
[GenerateSerializer, Immutable]
public sealed record LedgerEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string SpaceId,
    [property: Id(2)] string TicketId,
    [property: Id(3)] LedgerEntryKind Kind,
    [property: Id(4)] long Amount,
    [property: Id(5)] string Currency,
    [property: Id(6)] DateTimeOffset At);

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

/// <summary>A ticket sale or refund for the analytics streams: ids, amounts and times, no other personal data.</summary>
[GenerateSerializer]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TicketSold), TicketEventTypes.TicketSold)]
[JsonDerivedType(typeof(TicketRefunded), TicketEventTypes.TicketRefunded)]
public abstract record TicketEvent
{
    [Id(0)] public required string SpaceId { get; init; }
    [Id(1)] public required string TicketId { get; init; }
    [Id(2)] public required string BuyerId { get; init; }
    [Id(3)] public required long Price { get; init; }
    [Id(4)] public required string Currency { get; init; }
    [Id(5)] public required DateTimeOffset At { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record TicketSold : TicketEvent
{
    /// <summary>Paid tickets of the Space after this sale.</summary>
    [Id(0)] public required int Sold { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record TicketRefunded : TicketEvent
{
    /// <summary>True when the whole Space was refunded because it was canceled.</summary>
    [Id(0)] public required bool SpaceCanceled { get; init; }
}

public static class TicketEventTypes
{
    public const string TicketSold = "ticket.sold";
    public const string TicketRefunded = "ticket.refunded";
}

/// <summary>Ticket ids: derived, so a retried purchase finds the ticket the first attempt made.</summary>
public static partial class TicketIds
{
    /// <summary>The longest <c>Idempotency-Key</c> accepted (Stripe's own limit).</summary>
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>32 lowercase hex digits: 128 bits of SHA-256 over Space, buyer and key.</summary>
    public static string For(string spaceId, string buyerId, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{spaceId}\n{buyerId}\n{idempotencyKey}"))[..16]);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TicketIdPattern();

    public static bool IsTicketId(string? id) => id is not null && TicketIdPattern().IsMatch(id);

    /// <summary>1-255 printable ASCII characters, no spaces (a UUID fits).</summary>
    public static bool IsIdempotencyKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~');
}
