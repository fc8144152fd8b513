using Spaces.Grains.Hosting;

namespace Spaces.Grains.Tests.Tiers;

/// <summary>The tier options are validated at start and a failure names the option and its rule.</summary>
public sealed class TierOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validate(new SpacesOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0, 2, nameof(SpacesOptions.MaxRealtimeListeners))]
    [InlineData(2500, 0, nameof(SpacesOptions.HlsSegmentSeconds))]
    [InlineData(2500, 11, nameof(SpacesOptions.HlsSegmentSeconds))]
    public void Limits_out_of_range_are_refused(int maxRealtimeListeners, int segmentSeconds, string option)
    {
        var result = Validate(new SpacesOptions { MaxRealtimeListeners = maxRealtimeListeners, HlsSegmentSeconds = segmentSeconds });

        Assert.True(result.Failed);
        Assert.Contains(option, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://cdn.example.com/")]
    [InlineData("https://cdn.example.com/?sig=1")]
    [InlineData("/relative/")]
    public void The_HLS_base_must_be_an_absolute_http_URL_without_query(string url)
    {
        var result = Validate(new SpacesOptions { HlsPublicBaseUrl = new Uri(url, UriKind.RelativeOrAbsolute) });

        Assert.True(result.Failed);
        Assert.Contains(nameof(SpacesOptions.HlsPublicBaseUrl), result.FailureMessage, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(SpacesOptions options)
    {
        var ranges = new SpacesOptionsValidator().Validate(null, options);
        return ranges.Failed ? ranges : new SpacesOptionsConsistency().Validate(null, options);
    }
}
