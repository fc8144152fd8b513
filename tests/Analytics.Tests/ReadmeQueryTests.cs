using System.Globalization;
using Spaces.Analytics.Hosting;
using Spaces.Analytics.Tests.Infrastructure;

namespace Spaces.Analytics.Tests;

/// <summary>
/// Every query of tools/Analytics/README.md, run on a DuckDB file the job wrote from a known set of events, gives
/// the answer the README promises — so the SQL cannot rot when the schema changes.
/// </summary>
public sealed class ReadmeQueryTests(AnalyticsCluster cluster) : IClassFixture<AnalyticsCluster>, IAsyncLifetime
{
    private readonly string _paid = SampleEvents.NewSpaceId();
    private readonly string _free = SampleEvents.NewSpaceId();
    private AnalyticsJob? _job;

    private static DateTimeOffset T0 => new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        _job = await cluster.StartJobAsync(cluster.NewDatabasePath());
        AnalyticsEvent[] events =
        [
            // The paid Space: two reminders, two listeners (one leaves after 2 minutes), ended at minute 5.
            SampleEvents.Lifecycle(_paid, 1, T0, LifecycleChange.Created, "host-paid"),
            SampleEvents.Reminder(_paid, 2, T0, "ann"),
            SampleEvents.Reminder(_paid, 3, T0, "ben"),
            SampleEvents.Presence(_paid, 4, T0.AddMinutes(1), ["ann", "cat"], [], listeners: 2),
            SampleEvents.Presence(_paid, 5, T0.AddMinutes(3), [], ["ann"], listeners: 1),
            SampleEvents.Lifecycle(_paid, 6, T0.AddMinutes(5), LifecycleChange.Ended, "host-paid", peak: 2),
            // Two tickets at 5.00 USD (fee 0.50 each), one refunded.
            SampleEvents.Sale(_paid, "t1", T0, "ann", 500),
            SampleEvents.Ledger(_paid, "t1", T0, "host-paid", LedgerEntryKind.Sale, 500),
            SampleEvents.Ledger(_paid, "t1", T0, "host-paid", LedgerEntryKind.PlatformFee, -50),
            SampleEvents.Sale(_paid, "t2", T0, "ben", 500),
            SampleEvents.Ledger(_paid, "t2", T0, "host-paid", LedgerEntryKind.Sale, 500),
            SampleEvents.Ledger(_paid, "t2", T0, "host-paid", LedgerEntryKind.PlatformFee, -50),
            SampleEvents.Refund(_paid, "t2", T0.AddMinutes(2), "ben", 500),
            SampleEvents.Ledger(_paid, "t2", T0.AddMinutes(2), "host-paid", LedgerEntryKind.Refund, -500),
            SampleEvents.Ledger(_paid, "t2", T0.AddMinutes(2), "host-paid", LedgerEntryKind.PlatformFeeReversal, 50),
            // The free Space: three listeners for one minute.
            SampleEvents.Lifecycle(_free, 1, T0, LifecycleChange.Created, "host-free"),
            SampleEvents.Presence(_free, 2, T0.AddMinutes(1), ["dan", "eve", "fay"], [], listeners: 3),
            SampleEvents.Lifecycle(_free, 3, T0.AddMinutes(2), LifecycleChange.Ended, "host-free", peak: 3),
        ];
        foreach (var e in events)
        {
            await cluster.PublishAsync(e);
        }

        await Eventually.TrueAsync(() => _job.Aggregator.Summary().EventsTotal == events.Length, "every event");
        await _job.StopAsync();
    }

    public async Task DisposeAsync() => await _job!.DisposeAsync();

    [Fact]
    public void The_readme_has_the_four_first_questions_and_each_runs()
    {
        var queries = Readme.Queries();
        Assert.Equal(
            ["Top Spaces by peak listeners", "Listening minutes per Space", "Reminder-to-join conversion", "Revenue per host"],
            queries.Keys);
        foreach (var (title, sql) in queries)
        {
            Assert.True(_job!.Query(sql).Count > 0, $"\"{title}\" returned no rows");
        }
    }

    [Fact]
    public void Top_spaces_by_peak_listeners()
    {
        var rows = Run("Top Spaces by peak listeners");
        Assert.Equal([(_free, 3m), (_paid, 2m)], rows.Select(r => ((string)r["space_id"]!, Number(r["peak_listeners"]))));
    }

    [Fact]
    public void Listening_minutes_per_space()
    {
        // ann 1→3 min and cat 1→5 min (the end); dan, eve and fay 1→2 min.
        var rows = Run("Listening minutes per Space");
        Assert.Equal([(_paid, 6m), (_free, 3m)], rows.Select(r => ((string)r["space_id"]!, Number(r["listening_minutes"]))));
    }

    [Fact]
    public void Reminder_to_join_conversion()
    {
        var row = Assert.Single(Run("Reminder-to-join conversion"));
        Assert.Equal(_paid, row["space_id"]);
        Assert.Equal((2m, 1m, 50m), (Number(row["reminded"]), Number(row["joined"]), Number(row["conversion_pct"])));
    }

    [Fact]
    public void Revenue_per_host()
    {
        var row = Assert.Single(Run("Revenue per host"));
        Assert.Equal(("host-paid", "USD"), ((string)row["host_id"]!, (string)row["currency"]!));
        Assert.Equal((2m, 1m, 500m, 450m), (Number(row["tickets_sold"]), Number(row["tickets_refunded"]), Number(row["gross_revenue_minor"]), Number(row["earnings_minor"])));
    }

    private IReadOnlyList<IReadOnlyDictionary<string, object?>> Run(string title) => _job!.Query(Readme.Queries()[title]);

    // DuckDB answers counts as BIGINT, sums as HUGEINT and ratios as DOUBLE or DECIMAL: compare them as decimals.
    private static decimal Number(object? value) => decimal.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
