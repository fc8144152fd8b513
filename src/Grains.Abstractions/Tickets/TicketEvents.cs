using System.Text.Json.Serialization;

namespace Spaces.Contracts;

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
