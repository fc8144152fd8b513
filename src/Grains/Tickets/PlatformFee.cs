namespace Spaces.Grains.Tickets;

/// <summary>The platform's cut of one ticket, in minor units.</summary>
internal static class PlatformFee
{
    /// <summary>
    /// <paramref name="percent"/> of <paramref name="price"/>, rounded to the minor unit half away from zero
    /// (10% of 105 is 11, of 104 is 10). Computed per ticket so a refund gives back exactly the fee its sale took.
    /// </summary>
    public static long Of(long price, decimal percent) => (long)Math.Round(price * percent / 100m, MidpointRounding.AwayFromZero);
}
