using Spaces.Contracts.Analytics;
using Spaces.Grains.Discovery;

namespace Spaces.Grains.Tests;

/// <summary>
/// The one id hash behind the analytics firehose, the discovery shards and the notification routes: FNV-1a of the
/// UTF-8 bytes. Its values are part of the contract (consumers compute partitions; a change would move Spaces and
/// users between partitions in a rolling deploy), so they are pinned here.
/// </summary>
public sealed class StableIdHashTests
{
    [Theory]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("abc", 0x1A47E90Bu)]
    [InlineData("AbCdEfGhIjK12", 0x24661644u)]
    [InlineData("user-42", 0x026073ABu)]
    public void The_hash_is_fnv1a_of_the_utf8_bytes(string id, uint expected) => Assert.Equal(expected, StableIdHash.Fnv1a(id));

    [Fact]
    public void Spaces_and_users_keep_their_partitions()
    {
        Assert.Equal(4, AnalyticsStreams.FirehosePartitionOf("AbCdEfGhIjK12"));
        Assert.Equal(0, DiscoveryShard.Of("AbCdEfGhIjK12", 4));
        Assert.Equal(3, DiscoveryShard.Of("abc", 4));
        Assert.Equal(43, NotificationRoutes.PartitionOf("user-42"));
        Assert.All(Enumerable.Range(0, 1000).Select(i => NotificationRoutes.PartitionOf($"user-{i}")), p => Assert.InRange(p, 0, NotificationRoutes.Partitions - 1));
    }

    [Fact]
    public void An_id_longer_than_the_stack_buffer_hashes_the_same_way()
    {
        // 300 bytes take the heap path; "é" is two UTF-8 bytes, hashed as bytes, not as one UTF-16 char.
        Assert.Equal(0x970138F5u, StableIdHash.Fnv1a(new string('x', 300)));
        Assert.Equal(0x1E9DE8C1u, StableIdHash.Fnv1a("é"));
    }
}
