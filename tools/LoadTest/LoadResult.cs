using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.LoadTest;

/// <summary>The numbers of one run, printed as a table and as JSON (snake_case).</summary>
public sealed record LoadResult
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public string Target { get; init; } = string.Empty;

    public int Listeners { get; init; }

    public int Spaces { get; init; }

    public int StageChanges { get; init; }

    public int WarmupListeners { get; init; }

    public int Connected { get; init; }

    public double JoinSeconds { get; init; }

    public double JoinsPerSecond { get; init; }

    public double? JoinP50Ms { get; init; }

    public double? JoinP95Ms { get; init; }

    public double? JoinP99Ms { get; init; }

    public double? FanoutP50Ms { get; init; }

    public double? FanoutP95Ms { get; init; }

    public double? FanoutP99Ms { get; init; }

    public double? FanoutMaxMs { get; init; }

    /// <summary>Stage changes timed at a listener: listeners × stage changes when nothing was missed.</summary>
    public int FanoutSamples { get; init; }

    public long Deliveries { get; init; }

    public double DeliveriesPerSecond { get; init; }

    public long Missed { get; init; }

    public long OutOfOrder { get; init; }

    public int Errors { get; init; }

    public IReadOnlyList<string> ErrorSamples { get; init; } = [];

    public double? ServerCpuUsPerDelivery { get; init; }

    public double? ServerRssKibPerListener { get; init; }

    public static LoadResult From(LoadOptions options, PoolReport report, double joinSeconds, double phaseSeconds,
        ServerSample? beforeJoins, ServerSample? afterJoins, ServerSample? afterDrain)
    {
        report.Joins.Sort();
        report.Fanout.Sort();
        return new LoadResult
        {
            Target = options.Target.ToString().ToLowerInvariant(),
            Listeners = options.Listeners,
            Spaces = options.Spaces,
            StageChanges = options.StageChanges,
            WarmupListeners = options.WarmupListeners,
            Connected = report.Connected,
            JoinSeconds = Math.Round(joinSeconds, 2),
            JoinsPerSecond = Math.Round(report.Connected / Math.Max(joinSeconds, 0.001), 1),
            JoinP50Ms = Percentile(report.Joins, 0.50),
            JoinP95Ms = Percentile(report.Joins, 0.95),
            JoinP99Ms = Percentile(report.Joins, 0.99),
            FanoutP50Ms = Percentile(report.Fanout, 0.50),
            FanoutP95Ms = Percentile(report.Fanout, 0.95),
            FanoutP99Ms = Percentile(report.Fanout, 0.99),
            FanoutMaxMs = report.Fanout.Count == 0 ? null : Math.Round(report.Fanout[^1], 2),
            FanoutSamples = report.Fanout.Count,
            Deliveries = report.Deliveries,
            DeliveriesPerSecond = Math.Round(report.Deliveries / Math.Max(phaseSeconds, 0.001), 0),
            Missed = report.Missed,
            OutOfOrder = report.OutOfOrder,
            Errors = report.Errors,
            ErrorSamples = report.ErrorSamples,
            ServerCpuUsPerDelivery = afterJoins is { } a && afterDrain is { } d && report.Deliveries > 0
                ? Math.Round((d.CpuMs - a.CpuMs) * 1000 / report.Deliveries, 2) : null,
            ServerRssKibPerListener = beforeJoins is { } b && afterJoins is { } j && report.Connected > 0
                ? Math.Round((j.RssKib - b.RssKib) / (double)report.Connected, 1) : null,
        };
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 2);

    [JsonIgnore]
    public bool Clean => Missed == 0 && OutOfOrder == 0 && Errors == 0 && Connected == Listeners;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToTable()
    {
        static string Ms(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "—";
        var rows = new (string, string)[]
        {
            ("target", $"{Target}, {Spaces} room(s), {StageChanges} stage changes each, {WarmupListeners} warm-up listener(s) before"),
            ("listeners joined", $"{Connected} of {Listeners} in {JoinSeconds:0.0} s ({JoinsPerSecond:0} / s)"),
            ("join p50 / p95 / p99", $"{Ms(JoinP50Ms)} / {Ms(JoinP95Ms)} / {Ms(JoinP99Ms)}"),
            ("fan-out p50 / p95 / p99 / max", $"{Ms(FanoutP50Ms)} / {Ms(FanoutP95Ms)} / {Ms(FanoutP99Ms)} / {Ms(FanoutMaxMs)}"),
            ("deliveries", $"{Deliveries} ({DeliveriesPerSecond:0} / s)"),
            ("missed / out of order", $"{Missed} / {OutOfOrder}"),
            ("errors", Errors + (ErrorSamples.Count > 0 ? $" (e.g. {ErrorSamples[0]})" : string.Empty)),
            ("server CPU per delivery", ServerCpuUsPerDelivery is { } c ? $"{c:0.00} µs" : "— (no --server-pid)"),
            ("server RSS per listener", ServerRssKibPerListener is { } m ? $"{m:0.0} KiB" : "— (no --server-pid)"),
        };
        var width = rows.Max(r => r.Item1.Length);
        var table = new StringBuilder();
        foreach (var (name, value) in rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"{name.PadRight(width)}  {value}").AppendLine();
        }

        return table.ToString();
    }
}
