namespace Spaces.Contracts.Analytics;

/// <summary>
/// Ticket events come from the Space's box office, not the Space, so they carry no seq (0); their ids are
/// <c>{ticket_id}:{kind}</c>, the same on every redelivery. Amounts in minor units of <see cref="Currency"/>.
/// </summary>
[GenerateSerializer, Alias("spaces.analytics.v1.TicketAnalyticsEvent")]
public abstract record TicketAnalyticsEvent : AnalyticsEvent
{
    [Id(0)] public string TicketId { get; init; } = "";

    [Id(1)] public string Currency { get; init; } = "";

    public override AnalyticsFamily Family => AnalyticsFamily.Tickets;
}

/// <summary>A ticket was paid for (the buyer is <see cref="AnalyticsEvent.ActorId"/>).</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.TicketSaleEvent")]
public sealed record TicketSaleEvent : TicketAnalyticsEvent
{
    [Id(0)] public long Price { get; init; }

    /// <summary>Paid tickets of the Space after this sale.</summary>
    [Id(1)] public int Sold { get; init; }
}

/// <summary>A paid ticket was refunded (the buyer is <see cref="BuyerId"/>).</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.TicketRefundEvent")]
public sealed record TicketRefundEvent : TicketAnalyticsEvent
{
    [Id(0)] public string BuyerId { get; init; } = "";

    [Id(1)] public long Amount { get; init; }

    /// <summary>True when the whole Space was refunded because it was canceled.</summary>
    [Id(2)] public bool SpaceCanceled { get; init; }
}

/// <summary>One line booked in the host's earnings ledger; <see cref="Amount"/> is signed.</summary>
[GenerateSerializer, Immutable, Alias("spaces.analytics.v1.LedgerEntryEvent")]
public sealed record LedgerEntryEvent : TicketAnalyticsEvent
{
    [Id(0)] public string HostId { get; init; } = "";

    [Id(1)] public LedgerEntryKind Kind { get; init; }

    [Id(2)] public long Amount { get; init; }
}
