using Orleans.Runtime;

namespace Spaces.Contracts.Analytics;

/// <summary>
/// Where analytics events travel, as a contract for consumers. Every <see cref="AnalyticsEvent"/> goes on two
/// streams of the provider <see cref="ProviderName"/>: its Space's own stream (<see cref="SpaceNamespace"/>, key =
/// Space id) and one firehose partition (<see cref="FirehoseNamespace"/>, key = "0"…"N-1" with
/// N = <see cref="FirehosePartitions"/>), chosen from the Space id by <see cref="FirehosePartitionOf"/>. A consumer
/// that wants every Space subscribes to the N firehose partitions without knowing any Space id; all events of one
/// Space share a partition, so per-Space order holds there too.
/// </summary>
public static class AnalyticsStreams
{
    /// <summary>The name the stream provider is registered under, on silos and clients alike.</summary>
    public const string ProviderName = "SpacesStreams";

    /// <summary>One stream per Space; the key is the Space id.</summary>
    public const string SpaceNamespace = "spaces.analytics.space";

    /// <summary>Every Space's events, spread over <see cref="FirehosePartitions"/> streams keyed "0"… by Space id.</summary>
    public const string FirehoseNamespace = "spaces.analytics.firehose";

    /// <summary>How many firehose partitions there are. Part of the contract: changing it moves Spaces between partitions.</summary>
    public const int FirehosePartitions = 8;

    /// <summary>The stream of one Space.</summary>
    public static StreamId SpaceStream(string spaceId) => StreamId.Create(SpaceNamespace, spaceId);

    /// <summary>The firehose partition <paramref name="partition"/> (0 ≤ partition &lt; <see cref="FirehosePartitions"/>).</summary>
    public static StreamId FirehoseStream(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, FirehosePartitions);
        return StreamId.Create(FirehoseNamespace, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Every firehose partition, for a consumer of all Spaces.</summary>
    public static IReadOnlyList<StreamId> AllFirehoseStreams() => [.. Enumerable.Range(0, FirehosePartitions).Select(FirehoseStream)];

    /// <summary>
    /// The partition of a Space: <see cref="StableIdHash"/> (FNV-1a, 32 bit) of the Space id's UTF-8 bytes, modulo <see cref="FirehosePartitions"/>.
    /// Stable across processes and versions (unlike <see cref="string.GetHashCode()"/>), so any consumer can compute it.
    /// </summary>
    public static int FirehosePartitionOf(string spaceId) => StableIdHash.PartitionOf(spaceId, FirehosePartitions);

    /// <summary>The firehose stream a Space's events go to.</summary>
    public static StreamId FirehoseStreamOf(string spaceId) => FirehoseStream(FirehosePartitionOf(spaceId));
}
