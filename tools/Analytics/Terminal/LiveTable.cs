using System.Globalization;
using Spaces.Analytics.Aggregation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Spaces.Analytics.Terminal;

/// <summary>How the job shows what it counted: a refreshing table on a terminal, a plain line per interval elsewhere.</summary>
internal static class LiveTable
{
    /// <summary>The most Spaces the table lists (live ones first); the header still counts them all.</summary>
    private const int MaxRows = 20;

    public static IRenderable Render(LiveView view)
    {
        var table = new Table()
            .Title($"Spaces analytics — {view.LiveSpaces} live of {view.Spaces.Count} Spaces, {view.EventsTotal} events, {view.DuplicatesDropped} duplicates dropped")
            .AddColumns("Space", "Status", "Listeners", "Peak", "Joins/min", "Stage changes", "Reactions/min", "Tickets", "Revenue");
        foreach (var row in view.Spaces.Take(MaxRows))
        {
            table.AddRow(
                Markup.Escape(row.SpaceId),
                row.Live switch { true => "[green]live[/]", false => "ended", null => "?" },
                Number(row.CurrentListeners),
                Number(row.PeakListeners),
                Number(row.JoinsPerMinute),
                Number(row.StageChanges),
                Markup.Escape(Reactions(row.ReactionsPerMinute)),
                Number(row.TicketsHeld),
                Markup.Escape(Money(row.GrossRevenue, row.Currency)));
        }

        return table;
    }

    /// <summary>One line for logs and CI: totals, then the busiest live Spaces.</summary>
    public static string ProgressLine(LiveView view, DateTimeOffset now)
    {
        var busiest = string.Join("; ", view.Spaces.Where(s => s.Live == true).Take(3).Select(s =>
            $"{s.SpaceId} listeners={s.CurrentListeners} peak={s.PeakListeners} joins/min={s.JoinsPerMinute} reactions/min={s.ReactionsPerMinute.Values.Sum()}"));
        return $"{now:HH:mm:ss} events={view.EventsTotal} duplicates={view.DuplicatesDropped} spaces={view.Spaces.Count} live={view.LiveSpaces}"
            + (busiest.Length > 0 ? $" | {busiest}" : "");
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Reactions(IReadOnlyDictionary<string, int> perMinute) =>
        perMinute.Count == 0 ? "" : string.Join(" ", perMinute.OrderByDescending(r => r.Value).Select(r => $"{r.Key}{r.Value}"));

    private static string Money(long minor, string? currency) =>
        minor == 0 && currency is null ? "" : $"{minor / 100m:0.00} {currency}".TrimEnd();
}
