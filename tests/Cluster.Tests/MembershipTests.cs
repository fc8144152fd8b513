using Spaces.Cluster.Tests.Infrastructure;

namespace Spaces.Cluster.Tests;

/// <summary>Cluster mode: silos find each other, and clients find the silos, through the membership table in PostgreSQL.</summary>
public sealed class MembershipTests
{
    [Fact]
    public async Task The_cluster_keeps_serving_when_one_of_two_silos_stops()
    {
        await using var cluster = await SpacesCluster.CreateAsync();
        var first = await cluster.StartSiloAsync();
        await cluster.StartSiloAsync();
        var client = await cluster.StartClientAsync();
        // Enough accounts that some activate on the silo that goes away.
        var userIds = Enumerable.Range(0, 12).Select(i => $"member-{i}-{Guid.NewGuid():N}").ToList();
        await Task.WhenAll(userIds.Select(id => client.GetGrain<IUserGrain>(id).SyncFollowersCountAsync(42)));
        Assert.Equal(2L, await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM OrleansMembership WHERE Status = 3"));

        await cluster.StopSiloAsync(first);

        var profiles = await Task.WhenAll(userIds.Select(id => client.GetGrain<IUserGrain>(id).GetProfileAsync()));
        Assert.All(profiles, profile => Assert.Equal(42, profile.FollowersCount));
        var newcomer = await client.GetGrain<IUserGrain>($"newcomer-{Guid.NewGuid():N}").RegisterAsync("Newcomer");
        Assert.Equal("Newcomer", newcomer.DisplayName);
        Assert.Equal(1L, await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM OrleansMembership WHERE Status = 3"));
    }
}
