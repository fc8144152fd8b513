using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>Accounts: the follow graph (idempotent edges, a follower count) and the admin follower sync behind can_host.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Following_twice_counts_once_and_unfollowing_twice_restores_the_counts()
    {
        var follower = await cluster.NewUserAsync("follower");
        var target = await cluster.NewUserAsync("target", followers: 41);

        await cluster.User(follower).FollowAsync(target);
        await cluster.User(follower).FollowAsync(target);
        Assert.Equal(42, (await cluster.User(target).GetProfileAsync()).FollowersCount);
        Assert.Equal(1, (await cluster.User(follower).GetProfileAsync()).FollowingCount);

        await cluster.User(follower).UnfollowAsync(target);
        await cluster.User(follower).UnfollowAsync(target);
        Assert.Equal(41, (await cluster.User(target).GetProfileAsync()).FollowersCount);
        Assert.Equal(0, (await cluster.User(follower).GetProfileAsync()).FollowingCount);
    }

    [Fact]
    public async Task Concurrent_follows_each_count_once()
    {
        var target = await cluster.NewUserAsync("target");
        var fans = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cluster.NewUserAsync("fan")));

        await Task.WhenAll(fans.Concat(fans).Select(fan => cluster.User(fan).FollowAsync(target)));

        Assert.Equal(20, (await cluster.User(target).GetProfileAsync()).FollowersCount);
    }

    [Fact]
    public async Task Following_oneself_is_refused()
    {
        var user = await cluster.NewUserAsync();

        await Refused.AsInvalidAsync("id", ErrorCodes.CannotFollowSelf, () => cluster.User(user).FollowAsync(user));

        var profile = await cluster.User(user).GetProfileAsync();
        Assert.Equal((0, 0), (profile.FollowersCount, profile.FollowingCount));
    }

    [Fact]
    public async Task Following_an_unknown_user_is_refused()
    {
        var user = await cluster.NewUserAsync();

        await Refused.ByAsync(ErrorKind.NotFound, ErrorCodes.UserNotFound, () => cluster.User(user).FollowAsync(TestIds.User()));

        Assert.Equal(0, (await cluster.User(user).GetProfileAsync()).FollowingCount);
    }

    [Fact]
    public async Task Follower_sync_sets_the_count_and_can_host_flips_at_600()
    {
        var user = await cluster.NewUserAsync();

        var below = await cluster.User(user).SyncFollowersCountAsync(599);
        var at = await cluster.User(user).SyncFollowersCountAsync(600);
        var back = await cluster.User(user).SyncFollowersCountAsync(12);

        Assert.Equal((599, false), (below.FollowersCount, below.CanHost));
        Assert.Equal((600, true), (at.FollowersCount, at.CanHost));
        Assert.Equal((12, false), (back.FollowersCount, back.CanHost));
    }

    [Fact]
    public async Task Follower_sync_creates_an_unknown_account_and_refuses_negative_counts()
    {
        var user = TestIds.User();

        var synced = await cluster.User(user).SyncFollowersCountAsync(700);
        await Refused.AsInvalidAsync("count", ErrorCodes.InvalidField, () => cluster.User(user).SyncFollowersCountAsync(-1));

        Assert.Equal((user, 700, true), (synced.DisplayName, synced.FollowersCount, synced.CanHost));
        Assert.Equal(700, (await cluster.User(user).GetProfileAsync()).FollowersCount);
    }

    [Fact]
    public async Task A_follow_can_make_an_account_eligible_to_host()
    {
        var target = await cluster.NewUserAsync("target", followers: 599);

        await cluster.User(await cluster.NewUserAsync("fan")).FollowAsync(target);

        Assert.True((await cluster.User(target).GetProfileAsync()).CanHost);
        await cluster.User(target).CreateSpaceAsync(new NewSpaceRequest("Finally", null, null, null));
    }
}
