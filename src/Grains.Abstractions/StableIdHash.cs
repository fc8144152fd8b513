using System.Text;

namespace Spaces.Contracts;

/// <summary>
/// The one hash that spreads ids over partitions (analytics firehose, discovery shards, notification routes):
/// FNV-1a (32 bit) of the id's UTF-8 bytes. Unlike <see cref="string.GetHashCode()"/> it is the same in every
/// process and version, so silos, gateways and outside consumers agree on where an id lives.
/// </summary>
public static class StableIdHash
{
    private const int StackLimit = 256;

    public static uint Fnv1a(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Span<byte> bytes = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, bytes);
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    /// <summary>The partition 0…<paramref name="partitions"/>-1 of an id.</summary>
    public static int PartitionOf(string id, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        return (int)(Fnv1a(id) % (uint)partitions);
    }
}
