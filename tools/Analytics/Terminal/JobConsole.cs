using Spaces.Analytics.Aggregation;
using Spectre.Console;

namespace Spaces.Analytics.Terminal;

/// <summary>Shows the aggregator until <c>stop</c>: the live table on a terminal, a plain line every few seconds when output is redirected.</summary>
internal static class JobConsole
{
    private static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static bool IsTerminal => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static Task ShowAsync(AnalyticsAggregator aggregator, TimeProvider time, CancellationToken stop) =>
        IsTerminal ? ShowTableAsync(aggregator, time, stop) : PrintProgressAsync(aggregator, time, stop);

    private static Task ShowTableAsync(AnalyticsAggregator aggregator, TimeProvider time, CancellationToken stop) =>
        AnsiConsole.Live(LiveTable.Render(aggregator.Snapshot(time.GetUtcNow()))).StartAsync(async live =>
        {
            while (await WaitAsync(TableRefresh, time, stop))
            {
                live.UpdateTarget(LiveTable.Render(aggregator.Snapshot(time.GetUtcNow())));
            }
        });

    private static async Task PrintProgressAsync(AnalyticsAggregator aggregator, TimeProvider time, CancellationToken stop)
    {
        while (await WaitAsync(ProgressInterval, time, stop))
        {
            Console.WriteLine(LiveTable.ProgressLine(aggregator.Snapshot(time.GetUtcNow()), time.GetUtcNow()));
        }
    }

    /// <summary><c>false</c> once <paramref name="stop"/> is signalled.</summary>
    private static async Task<bool> WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken stop)
    {
        try
        {
            await Task.Delay(interval, time, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
