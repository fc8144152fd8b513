using System.Text.Json;

namespace Spaces.Analytics.Aggregation;

/// <summary>The JSON <c>--summary FILE</c> writes on exit (README: "The summary").</summary>
public sealed record AnalyticsSummary(
    long EventsTotal,
    long DuplicatesDropped,
    IReadOnlyDictionary<string, SpaceSummary> Spaces)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AnalyticsSummary FromJson(string json) =>
        JsonSerializer.Deserialize<AnalyticsSummary>(json, Json) ?? throw new JsonException("The summary is empty.");
}

/// <summary>One Space's totals: <c>tickets_sold</c> counts every sale, <c>gross_revenue</c> is paid minus refunded (minor units).</summary>
public sealed record SpaceSummary(
    int PeakListeners,
    long TotalJoins,
    long StageChanges,
    long Reactions,
    long TicketsSold,
    long TicketsRefunded,
    long GrossRevenue);
