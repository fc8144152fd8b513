namespace Spaces.Grains.Discovery;

/// <summary>Which index shard lists a Space: a hash that is the same in every process (string.GetHashCode is not).</summary>
internal static class DiscoveryShard
{
    public static long Of(string spaceId, int shards)
    {
        // FNV-1a: cheap and well spread over short ids.
        var hash = 2166136261u;
        foreach (var c in spaceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % (uint)shards;
    }
}
