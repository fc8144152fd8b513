using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Spaces.Contracts.Analytics;

/// <summary>
/// The cluster's archive of analytics events, so a consumer that was down catches up: one archive per firehose
/// partition (<see cref="AnalyticsStreams.FirehosePartitions"/>), subscribed implicitly to it, keeps the partition's
/// events in arrival order, numbered 1, 2, 3… (the archive position), in bounded pages in grain storage.
/// <para>
/// A consumer subscribes to the firehose live, then reads each partition from its checkpoint (the last position
/// it processed, 0 at first) until <see cref="AnalyticsArchivePage.LastPosition"/>, and drops repeats by
/// <see cref="AnalyticsEvent.EventId"/> (the live stream and the archive overlap, and both deliver at least once).
/// </para>
/// </summary>
public static class AnalyticsArchive
{
    /// <summary>
    /// Up to <paramref name="max"/> archived events of firehose partition <paramref name="partition"/> after
    /// position <paramref name="afterPosition"/>, oldest first.
    /// </summary>
    public static Task<AnalyticsArchivePage> ReadAsync(this IGrainFactory grains, int partition, long afterPosition, int max) =>
        grains.GetGrain<IAnalyticsArchiveGrain>(PartitionKey(partition)).ReadAsync(afterPosition, max);

    /// <summary>The archive grain's key of a partition: the firehose stream's key ("0"…).</summary>
    public static string PartitionKey(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, AnalyticsStreams.FirehosePartitions);
        return partition.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>The archive of one firehose partition; its key is the partition ("0"…). Read it through <see cref="AnalyticsArchive.ReadAsync"/>.</summary>
public interface IAnalyticsArchiveGrain : IGrainWithStringKey
{
    /// <summary>
    /// Up to <paramref name="max"/> events after <paramref name="afterPosition"/> (at most
    /// <see cref="AnalyticsArchiveOptions.MaxReadCount"/>), oldest first. A position older than the archive keeps
    /// starts at the oldest kept (<see cref="AnalyticsArchivePage.Missed"/> says how many were gone).
    /// </summary>
    Task<AnalyticsArchivePage> ReadAsync(long afterPosition, int max);
}

/// <summary>One archived event and its position in its partition's archive.</summary>
[GenerateSerializer, Alias("spaces.analytics.v1.ArchivedAnalyticsEvent")]
public sealed record ArchivedAnalyticsEvent([property: Id(0)] long Position, [property: Id(1)] AnalyticsEvent Event);

/// <summary>What one archive read returns.</summary>
/// <param name="Events">Oldest first; empty when the reader is up to date.</param>
/// <param name="LastPosition">The newest position archived so far (0 when nothing was): read on while the last event's position is below it.</param>
/// <param name="OldestPosition">The oldest position still kept (retention drops whole pages from the old end).</param>
/// <param name="Missed">Events after the reader's position that retention dropped before it came back (0 normally).</param>
[GenerateSerializer, Alias("spaces.analytics.v1.AnalyticsArchivePage")]
public sealed record AnalyticsArchivePage(
    [property: Id(0)] IReadOnlyList<ArchivedAnalyticsEvent> Events,
    [property: Id(1)] long LastPosition,
    [property: Id(2)] long OldestPosition,
    [property: Id(3)] long Missed);

/// <summary>How much the analytics archive keeps and hands out (configuration section "AnalyticsArchive").</summary>
public sealed class AnalyticsArchiveOptions
{
    public const string Section = "AnalyticsArchive";

    /// <summary>Events per stored page: the newest page is rewritten on every event, older pages never change.</summary>
    [Range(10, 10_000)]
    public int PageSize { get; set; } = 500;

    /// <summary>Pages kept per partition; past it the oldest page is deleted. Keeps PageSize × MaxPages events per partition.</summary>
    [Range(2, 1_000_000)]
    public int MaxPages { get; set; } = 200;

    /// <summary>Most events one read returns.</summary>
    [Range(1, 10_000)]
    public int MaxReadCount { get; set; } = 1000;

    /// <summary>How many of the newest event ids the archive remembers to drop a redelivered event instead of archiving it twice.</summary>
    [Range(0, 100_000)]
    public int DuplicateWindow { get; set; } = 2000;
}
