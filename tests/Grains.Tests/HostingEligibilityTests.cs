using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>product.md, "Hosting eligibility": only accounts with at least MinFollowersToHost followers may create a Space.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostingEligibilityTests(ClusterFixture cluster)
{
    private static readonly NewSpaceRequest Request = new("My Space", null, null, null);

    [Fact]
    public async Task Account_below_MinFollowersToHost_may_not_create_a_Space()
    {
        var userId = await cluster.NewUserAsync(followers: cluster.Options.MinFollowersToHost - 1);

        await Refused.AsForbiddenAsync(ErrorCodes.NotEligibleToHost, () => cluster.User(userId).CreateSpaceAsync(Request));

        Assert.Empty(await cluster.User(userId).GetCreatedSpaceIdsAsync(10));
    }

    [Fact]
    public async Task Account_with_exactly_MinFollowersToHost_may_create_a_Space()
    {
        var userId = await cluster.NewUserAsync(followers: 600);
        Assert.Equal(600, cluster.Options.MinFollowersToHost);

        var space = await cluster.User(userId).CreateSpaceAsync(Request);

        Assert.Equal(userId, space.CreatorId);
        Assert.Equal([userId], space.HostIds);
        Assert.Equal([space.Id], await cluster.User(userId).GetCreatedSpaceIdsAsync(10));
    }

    [Fact]
    public async Task Unknown_user_cannot_create_a_Space()
    {
        await Refused.ByAsync(ErrorKind.NotFound, ErrorCodes.UserNotFound, () => cluster.User(TestIds.User()).CreateSpaceAsync(Request));
    }

    [Fact]
    public async Task Created_Spaces_are_found_by_creator_newest_first()
    {
        var host = await cluster.NewHostAsync();
        var first = await cluster.User(host).CreateSpaceAsync(Request);
        var second = await cluster.User(host).CreateSpaceAsync(Request);

        var byCreator = await cluster.Lookup().GetByCreatorAsync(host);

        Assert.Equal([second.Id, first.Id], byCreator.Select(s => s.Id));
    }
}
