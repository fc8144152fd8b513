using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>product.md, "Reactions": allowed emoji from anyone in the Space, rate-limited per user; hosts block spam.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReactionTests(ClusterFixture cluster)
{
    [Theory]
    [InlineData(Role.Host)]
    [InlineData(Role.Cohost)]
    [InlineData(Role.Speaker)]
    [InlineData(Role.Listener)]
    public async Task Anyone_in_the_Space_reacts_with_an_allowed_emoji(Role role)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var user = await scenario.UserInRoleAsync(role);
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await scenario.Space.ReactAsync(user, "💯");

        var reaction = Assert.IsType<ReactionSent>(Assert.Single(await recorder.NextAsync(1)));
        Assert.Equal((user, "💯"), (reaction.UserId, reaction.Emoji));
    }

    [Theory]
    [InlineData("🍕")]
    [InlineData("lol")]
    [InlineData("")]
    public async Task Emoji_outside_the_allowed_set_is_refused(string emoji)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();

        await Refused.AsInvalidAsync("emoji", ErrorCodes.InvalidEmoji, () => scenario.Space.ReactAsync(listener, emoji));
    }

    [Fact]
    public async Task Reacting_needs_being_in_the_Space()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var left = await scenario.ListenerAsync();
        await scenario.Space.LeaveAsync(left);

        await Refused.AsConflictAsync(ErrorCodes.NotInSpace, () => scenario.Space.ReactAsync(TestIds.User(), "👍"));
        await Refused.AsConflictAsync(ErrorCodes.NotInSpace, () => scenario.Space.ReactAsync(left, "👍"));
    }

    [Fact]
    public async Task Reactions_beyond_the_burst_are_rate_limited_until_time_passes()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        var other = await scenario.ListenerAsync();
        await ReactBurstAsync(scenario, listener);

        var limited = await Refused.ByAsync(ErrorKind.RateLimited, ErrorCodes.ReactionRateLimited, () => scenario.Space.ReactAsync(listener, "👏"));
        Assert.Equal(TimeSpan.FromSeconds(1 / cluster.Options.ReactionsPerSecond), limited.RetryAfter);
        await scenario.Space.ReactAsync(other, "👏");

        cluster.Time.Advance(limited.RetryAfter!.Value);
        await scenario.Space.ReactAsync(listener, "👏");
        await Refused.ByAsync(ErrorKind.RateLimited, ErrorCodes.ReactionRateLimited, () => scenario.Space.ReactAsync(listener, "👏"));
    }

    [Fact]
    public async Task Leaving_and_rejoining_does_not_reset_the_reaction_rate_limit()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        await ReactBurstAsync(scenario, listener);

        await scenario.Space.LeaveAsync(listener);
        await scenario.Space.JoinAsync(listener);

        await Refused.ByAsync(ErrorKind.RateLimited, ErrorCodes.ReactionRateLimited, () => scenario.Space.ReactAsync(listener, "👏"));
    }

    [Theory]
    [InlineData(Role.Host)]
    [InlineData(Role.Cohost)]
    public async Task Moderator_blocks_and_unblocks_a_users_reactions(Role moderatorRole)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var moderator = await scenario.UserInRoleAsync(moderatorRole);
        var spammer = await scenario.ListenerAsync();

        await scenario.Space.SetReactionsBlockedAsync(moderator, spammer, true);
        await Refused.AsForbiddenAsync(ErrorCodes.ReactionsBlocked, () => scenario.Space.ReactAsync(spammer, "👍"));

        await scenario.Space.SetReactionsBlockedAsync(moderator, spammer, false);
        await scenario.Space.ReactAsync(spammer, "👍");
    }

    private async Task ReactBurstAsync(SpaceScenario scenario, string userId)
    {
        foreach (var emoji in cluster.Options.AllowedReactions.Take(cluster.Options.ReactionBurst))
        {
            await scenario.Space.ReactAsync(userId, emoji);
        }
    }
}
