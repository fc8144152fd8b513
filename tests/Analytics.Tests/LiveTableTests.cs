using Spaces.Analytics.Aggregation;
using Spaces.Analytics.Events;
using Spaces.Analytics.Terminal;
using Spectre.Console;

namespace Spaces.Analytics.Tests;

/// <summary>What the console shows: the table on a terminal, the plain line elsewhere.</summary>
public sealed class LiveTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_table_shows_each_space_with_its_listeners_joins_reactions_and_revenue()
    {
        var view = Aggregated();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        console.Write(LiveTable.Render(view));

        var text = output.ToString();
        Assert.Contains("1 live of 1 Spaces, 4 events, 0 duplicates dropped", text, StringComparison.Ordinal);
        Assert.Contains("[space]", text, StringComparison.Ordinal); // markup in an id is shown, not parsed
        Assert.Contains("👏2", text, StringComparison.Ordinal);
        Assert.Contains("5.00 USD", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_terminal_a_plain_line_gives_the_totals_and_the_busiest_live_spaces()
    {
        Assert.Equal(
            "18:00:00 events=4 duplicates=0 spaces=1 live=1 | [space] listeners=2 peak=2 joins/min=2 reactions/min=2",
            LiveTable.ProgressLine(Aggregated(), Now));
    }

    private static LiveView Aggregated()
    {
        var aggregator = new AnalyticsAggregator();
        const string spaceId = "[space]";
        aggregator.Accept(new EventRow("e1", spaceId, 1, Now.AddSeconds(-30), AnalyticsFamily.Lifecycle, "space.created", "host") { Live = true });
        aggregator.Accept(new EventRow("e2", spaceId, 2, Now.AddSeconds(-20), AnalyticsFamily.Presence, EventTypes.Presence, null)
        {
            Joined = ["ann", "ben"], Listeners = 2,
        });
        aggregator.Accept(new EventRow("e3", spaceId, null, Now.AddSeconds(-10), AnalyticsFamily.Tickets, EventTypes.TicketSold, "ann")
        {
            AmountMinor = 500, Currency = "USD",
        });
        aggregator.Accept(new EventRow("e4", spaceId, 3, Now.AddSeconds(-5), AnalyticsFamily.Reactions, EventTypes.Reactions, null)
        {
            Reactions = new Dictionary<string, int> { ["👏"] = 2 },
        });
        return aggregator.Snapshot(Now);
    }
}
