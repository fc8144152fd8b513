using System.Globalization;
using Spaces.Analytics.Hosting;
using Spaces.Analytics.Tests.Infrastructure;

namespace Spaces.Analytics.Tests;

/// <summary>
/// Every query of tools/Analytics/README.md, run on a DuckDB file the job wrote from a known set of events, gives
/// the answer the README promises — so the SQL cannot rot when the schema changes.
/// </summary>
public sealed class ReadmeQueryTests(ReadmeQueryTests.Warehouse warehouse) : IClassFixture<ReadmeQueryTests.Warehouse>
{
    private readonly string _paid = warehouse.Paid;
    private readonly string _free = warehouse.Free;
    private readonly AnalyticsJob _job = warehouse.Job;

    /// <summary>The job's file, written once for the class from the events below.</summary>
    public sealed class Warehouse : IAsyncLifetime
    {
        private readonly AnalyticsCluster _cluster = new();
        private AnalyticsJob? _job;

        public string Paid { get; } = SampleEvents.NewSpaceId();

        public string Free { get; } = SampleEvents.NewSpaceId();

        public AnalyticsJob Job => _job ?? throw new InvalidOperationException("Not written yet.");

        public async Task InitializeAsync()
        {
            await _cluster.InitializeAsync();
            _job = await _cluster.StartJobAsync(_cluster.NewDatabasePath());
            await PublishAsync(_cluster, _job, Paid, Free);
        }

        public async Task DisposeAsync()
        {
            if (_job is not null)
            {
                await _job.DisposeAsync();
            }

            await _cluster.DisposeAsync();
        }
    }

    private static DateTimeOffset T0 => new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    private static async Task PublishAsync(AnalyticsCluster cluster, AnalyticsJob job, string paid, string free)
    {
        AnalyticsEvent[] events =
        [
            // The paid Space: two reminders, two listeners (one leaves after 2 minutes), ended at minute 5.
            SampleEvents.Lifecycle(paid, 1, T0, LifecycleChange.Created, "host-paid"),
            SampleEvents.Reminder(paid, 2, T0, "ann"),
            SampleEvents.Reminder(paid, 3, T0, "ben"),
            SampleEvents.Presence(paid, 4, T0.AddMinutes(1), ["ann", "cat"], [], listeners: 2),
            SampleEvents.Presence(paid, 5, T0.AddMinutes(3), [], ["ann"], listeners: 1),
            SampleEvents.Lifecycle(paid, 6, T0.AddMinutes(5), LifecycleChange.Ended, "host-paid", peak: 2),
            // Two tickets at 5.00 USD (fee 0.50 each), one refunded.
            SampleEvents.Sale(paid, "t1", T0, "ann", 500),
            SampleEvents.Ledger(paid, "t1", T0, "host-paid", LedgerEntryKind.Sale, 500),
            SampleEvents.Ledger(paid, "t1", T0, "host-paid", LedgerEntryKind.PlatformFee, -50),
            SampleEvents.Sale(paid, "t2", T0, "ben", 500),
            SampleEvents.Ledger(paid, "t2", T0, "host-paid", LedgerEntryKind.Sale, 500),
            SampleEvents.Ledger(paid, "t2", T0, "host-paid", LedgerEntryKind.PlatformFee, -50),
            SampleEvents.Refund(paid, "t2", T0.AddMinutes(2), "ben", 500),
            SampleEvents.Ledger(paid, "t2", T0.AddMinutes(2), "host-paid", LedgerEntryKind.Refund, -500),
            SampleEvents.Ledger(paid, "t2", T0.AddMinutes(2), "host-paid", LedgerEntryKind.PlatformFeeReversal, 50),
            // The free Space: three listeners for one minute.
            SampleEvents.Lifecycle(free, 1, T0, LifecycleChange.Created, "host-free"),
            SampleEvents.Presence(free, 2, T0.AddMinutes(1), ["dan", "eve", "fay"], [], listeners: 3),
            SampleEvents.Lifecycle(free, 3, T0.AddMinutes(2), LifecycleChange.Ended, "host-free", peak: 3),
        ];
        foreach (var e in events)
        {
            await cluster.PublishAsync(e);
        }

        await Eventually.TrueAsync(() => job.Aggregator.Summary().EventsTotal == events.Length, "every event");
        await job.StopAsync();
    }

    [Fact]
    public void The_readme_has_the_four_first_questions_and_each_runs()
    {
        var queries = Readme.Queries();
        Assert.Equal(
            ["Top Spaces by peak listeners", "Listening minutes per Space", "Reminder-to-join conversion", "Revenue per host"],
            queries.Keys);
        foreach (var (title, sql) in queries)
        {
            Assert.True(_job.Query(sql).Count > 0, $"\"{title}\" returned no rows");
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

    private IReadOnlyList<IReadOnlyDictionary<string, object?>> Run(string title) => _job.Query(Readme.Queries()[title]);

    // DuckDB answers counts as BIGINT, sums as HUGEINT and ratios as DOUBLE or DECIMAL: compare them as decimals.
    private static decimal Number(object? value) => decimal.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
