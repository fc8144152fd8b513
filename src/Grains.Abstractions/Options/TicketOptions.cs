using System.ComponentModel.DataAnnotations;

namespace Spaces.Contracts;

/// <summary>The limits of ticketed Spaces (configuration section "Tickets"), validated at start. Money in minor units.</summary>
public sealed class TicketOptions
{
    public const string Section = "Tickets";

    /// <summary>Lowest ticket price, in minor units of the ticket's currency.</summary>
    [Range(1, long.MaxValue)]
    public long MinPrice { get; set; } = 100;

    /// <summary>Highest ticket price, in minor units of the ticket's currency.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPrice { get; set; } = 99_900;

    /// <summary>Most tickets one Space may sell.</summary>
    [Range(1, 1_000_000)]
    public int MaxCapacity { get; set; } = 10_000;

    /// <summary>The ISO 4217 currencies tickets may be priced in.</summary>
    [MinLength(1)]
    public List<string> Currencies { get; set; } = ["USD", "EUR", "GBP"];

    /// <summary>The platform's share of each sale, in percent; rounded per ticket to the minor unit, half away from zero.</summary>
    [Range(typeof(decimal), "0", "100")]
    public decimal PlatformFeePercent { get; set; } = 10;

    /// <summary>How long a seat stays held for a purchase whose payment has not completed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 1000)]
    public int DefaultBuyersPageSize { get; set; } = 50;

    [Range(1, 5000)]
    public int MaxBuyersPageSize { get; set; } = 200;
}
