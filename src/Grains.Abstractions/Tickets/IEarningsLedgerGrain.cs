namespace Spaces.Contracts;

/// <summary>A host's earnings: append-only entries for sales, refunds and platform fees; totals are sums of entries.</summary>
public interface IEarningsLedgerGrain : IGrainWithStringKey
{
    /// <summary>Appends the entries whose ids are new; a replayed entry is ignored.</summary>
    Task AppendAsync(IReadOnlyList<LedgerEntry> entries);

    Task<Earnings> GetEarningsAsync(string spaceId, string currency);
}

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
