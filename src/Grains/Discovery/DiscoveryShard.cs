using Spaces.Contracts;

namespace Spaces.Grains.Discovery;

/// <summary>Which index shard lists a Space: a hash that is the same in every process (string.GetHashCode is not).</summary>
internal static class DiscoveryShard
{
    public static long Of(string spaceId, int shards) => StableIdHash.PartitionOf(spaceId, shards);
}
