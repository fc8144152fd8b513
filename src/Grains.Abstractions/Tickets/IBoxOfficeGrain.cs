namespace Spaces.Contracts;

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

/// <summary>The validated sale terms of a ticketed Space. Price in minor units of an ISO 4217 currency.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketTerms(
    [property: Id(0)] long Price,
    [property: Id(1)] string Currency,
    [property: Id(2)] int Capacity,
    [property: Id(3)] DateTimeOffset? SalesEnd);

[GenerateSerializer, Immutable]
public sealed record TicketReservation(
    [property: Id(0)] string HostId,
    [property: Id(1)] long Price,
    [property: Id(2)] string Currency);

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
