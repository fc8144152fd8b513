using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.LoadTest.Tests;

/// <summary>
/// The load tool against the real gateway on a real port: a short run that checks correctness, not speed —
/// every listener gets every event of its Space, in seq order.
/// </summary>
public sealed class LoadSmokeTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task TwoHundredListenersInTwoSpacesReceiveEveryEventInOrder()
    {
        var options = new LoadOptions
        {
            Target = TargetKind.Spaces,
            Url = gateway.BaseAddress,
            Listeners = 200,
            Spaces = 2,
            Speakers = 2,
            JoinRate = 400,
            StageChanges = 6,
            StageInterval = TimeSpan.FromMilliseconds(150),
            ReactionRate = 4,
            WarmupListeners = 20, // joins and leaves first: counted nowhere below
            DrainTimeout = TimeSpan.FromSeconds(20),
            Quiet = true,
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var result = await LoadRun.RunAsync(options, progress: null, timeout.Token);

        Assert.True(result.Errors == 0, string.Join("; ", result.ErrorSamples));
        Assert.Equal(200, result.Connected);
        Assert.Equal(0, result.Missed);
        Assert.Equal(0, result.OutOfOrder);
        Assert.Equal(200 * 6, result.FanoutSamples); // every listener saw every stage change it was timed on
        Assert.True(result.Deliveries >= 200 * 6);
    }
}
