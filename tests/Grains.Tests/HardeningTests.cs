using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// Issue 9's grain-side rules: unknown Space ids keep no activation; who may watch a Space; only the host removes
/// a co-host; join checks everything before it changes state; invisible or control-laden text is refused.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HardeningTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_call_for_a_Space_that_does_not_exist_leaves_no_activation_behind()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => TestIds.Space()).ToList();
        foreach (var id in ids)
        {
            await Refused.ByAsync(ErrorKind.NotFound, ErrorCodes.SpaceNotFound, () => cluster.Space(id).GetAsync());
        }

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(ids.Select(id => management.GetGrainActivationCount((GrainReference)cluster.Space(id))))).All(count => count == 0),
            "every unknown Space's activation gone");
    }

    [Fact]
    public async Task Only_the_host_removes_a_cohost_and_a_cohost_may_step_down()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var first = await scenario.CohostAsync();
        var second = await scenario.CohostAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.RemoveCohostAsync(first, second));
        await scenario.Space.RemoveCohostAsync(second, second);

        Assert.Equal([first], (await scenario.Space.GetAsync()).CohostIds);
    }

    [Fact]
    public async Task A_removed_user_may_not_watch_the_Space()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        await scenario.Space.EnsureMayWatchAsync(listener);

        await scenario.Space.RemoveParticipantAsync(scenario.HostId, listener);

        await Refused.AsForbiddenAsync(ErrorCodes.RemovedFromSpace, () => scenario.Space.EnsureMayWatchAsync(listener));
    }

    [Fact]
    public async Task On_a_ticketed_Space_only_the_host_and_ticket_holders_may_watch()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var (holder, _) = await scenario.HolderAsync();

        await scenario.Space.EnsureMayWatchAsync(scenario.HostId);
        await scenario.Space.EnsureMayWatchAsync(holder);
        await Refused.AsForbiddenAsync(ErrorCodes.TicketRequired, () => scenario.Space.EnsureMayWatchAsync(TestIds.User("stranger")));
    }

    [Fact]
    public async Task Watching_a_Space_that_does_not_exist_is_not_found()
    {
        await Refused.ByAsync(ErrorKind.NotFound, ErrorCodes.SpaceNotFound, () => cluster.Space(TestIds.Space()).EnsureMayWatchAsync(TestIds.User()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("nul\0")]
    public async Task Joining_with_an_invalid_user_id_is_refused_before_anything_changes(string userId)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var before = await scenario.ParticipantsAsync();

        await Refused.AsInvalidAsync("user_id", ErrorCodes.InvalidId, () => scenario.Space.JoinAsync(userId));

        Assert.Equal(before.ListenerCount, (await scenario.ParticipantsAsync()).ListenerCount);
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\u200D\uFEFF \u2060")]
    [InlineData("\u3164\u3164")]
    [InlineData("\u2800")]
    public async Task A_title_of_invisible_characters_only_is_refused(string title)
    {
        var host = TestIds.User("host");
        await cluster.Client.GetGrain<IUserGrain>(host).SyncFollowersCountAsync(600);

        await Refused.AsInvalidAsync("title", ErrorCodes.TitleRequired, () => cluster.Client.GetGrain<IUserGrain>(host).CreateSpaceAsync(new NewSpaceRequest(title, null, null, null)));
    }

    [Theory]
    [InlineData("nul\0")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001b[31m")]
    public async Task A_bio_with_control_characters_is_refused_and_a_multi_line_bio_is_kept(string bio)
    {
        var user = cluster.Client.GetGrain<IUserGrain>(TestIds.User());
        await user.RegisterAsync("Someone");

        await Refused.AsInvalidAsync("bio", ErrorCodes.InvalidField, () => user.UpdateProfileAsync(new ProfileUpdate(null, bio)));
        Assert.Equal("line one\nline two", (await user.UpdateProfileAsync(new ProfileUpdate(null, "line one\nline two"))).Bio);
    }
}
