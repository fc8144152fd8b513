using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// product.md, "Moderation": only the host and co-hosts moderate; nobody touches the host; a speaker unmutes only
/// themselves; removed users cannot rejoin.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ModerationTests(ClusterFixture cluster)
{
    public static TheoryData<Role, string> NonModeratorActs => Cross([Role.Speaker, Role.Listener], ModeratorActs.Keys);

    public static TheoryData<string> ActsOnTheHost => [.. ActsOnHost.Keys];

    /// <summary>What only a moderator may do to another user (a fresh listener with a raised hand).</summary>
    private static readonly Dictionary<string, Func<ISpaceGrain, string, string, Task>> ModeratorActs = new()
    {
        ["accept_hand"] = (space, actor, user) => space.AddSpeakerAsync(actor, user),
        ["dismiss_hand"] = (space, actor, user) => space.LowerHandAsync(actor, user),
        ["add_cohost"] = (space, actor, user) => space.AddCohostAsync(actor, user),
        ["remove"] = (space, actor, user) => space.RemoveParticipantAsync(actor, user),
        ["block_reactions"] = (space, actor, user) => space.SetReactionsBlockedAsync(actor, user, true),
    };

    /// <summary>What nobody may do to the host.</summary>
    private static readonly Dictionary<string, Func<ISpaceGrain, string, string, Task>> ActsOnHost = new()
    {
        ["mute"] = (space, actor, host) => space.MuteAsync(actor, host),
        ["move_to_audience"] = (space, actor, host) => space.MoveToAudienceAsync(actor, host),
        ["remove"] = (space, actor, host) => space.RemoveParticipantAsync(actor, host),
        ["block_reactions"] = (space, actor, host) => space.SetReactionsBlockedAsync(actor, host, true),
    };

    [Theory]
    [MemberData(nameof(NonModeratorActs))]
    public async Task Only_host_or_cohost_may_moderate(Role actorRole, string act)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var actor = await scenario.UserInRoleAsync(actorRole);
        var raiser = await scenario.HandRaiserAsync();
        var before = await scenario.ParticipantsAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.ModeratorOnly, () => ModeratorActs[act](scenario.Space, actor, raiser));

        Assert.Equivalent(before, await scenario.ParticipantsAsync());
        await scenario.Space.ReactAsync(raiser, "👍");
    }

    [Theory]
    [MemberData(nameof(ActsOnTheHost))]
    public async Task Cohost_may_not_act_on_the_host(string act)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var actor = await scenario.CohostAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.CannotActOnHost, () => ActsOnHost[act](scenario.Space, actor, scenario.HostId));

        var host = (await scenario.ParticipantsAsync()).Stage[0];
        Assert.Equal((scenario.HostId, Role.Host, false), (host.UserId, host.Role, host.Muted));
        await scenario.Space.ReactAsync(scenario.HostId, "👍");
    }

    [Fact]
    public async Task Host_cannot_step_down_to_the_audience()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        await Refused.AsForbiddenAsync(ErrorCodes.CannotActOnHost, () => scenario.Space.MoveToAudienceAsync(scenario.HostId, scenario.HostId));
    }

    [Theory]
    [InlineData(Role.Host)]
    [InlineData(Role.Cohost)]
    public async Task Moderator_mutes_a_speaker_who_alone_may_unmute(Role moderatorRole)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var moderator = await scenario.UserInRoleAsync(moderatorRole);
        var speaker = await scenario.SpeakerAsync();

        await scenario.Space.MuteAsync(moderator, speaker);
        Assert.True(await IsMutedAsync(scenario, speaker));

        await Refused.AsForbiddenAsync(ErrorCodes.OnlySelfUnmute, () => scenario.Space.UnmuteAsync(moderator, speaker));
        Assert.True(await IsMutedAsync(scenario, speaker));

        await scenario.Space.UnmuteAsync(speaker, speaker);
        Assert.False(await IsMutedAsync(scenario, speaker));
    }

    [Fact]
    public async Task Speaker_mutes_themselves_but_not_others()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var speaker = await scenario.SpeakerAsync();
        var other = await scenario.SpeakerAsync();

        await scenario.Space.MuteAsync(speaker, speaker);
        await Refused.AsForbiddenAsync(ErrorCodes.ModeratorOnly, () => scenario.Space.MuteAsync(speaker, other));

        Assert.True(await IsMutedAsync(scenario, speaker));
        Assert.False(await IsMutedAsync(scenario, other));
    }

    [Fact]
    public async Task Only_someone_on_stage_can_be_muted()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();

        await Refused.AsConflictAsync(ErrorCodes.NotOnStage, () => scenario.Space.MuteAsync(scenario.HostId, listener));
        await Refused.AsConflictAsync(ErrorCodes.NotOnStage, () => scenario.Space.MuteAsync(listener, listener));
    }

    [Theory]
    [InlineData(Role.Host)]
    [InlineData(Role.Cohost)]
    public async Task Moderator_moves_a_speaker_back_to_the_audience(Role moderatorRole)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var moderator = await scenario.UserInRoleAsync(moderatorRole);
        var speaker = await scenario.SpeakerAsync();
        await scenario.Space.MuteAsync(speaker, speaker);

        await scenario.Space.MoveToAudienceAsync(moderator, speaker);

        var participants = await scenario.ParticipantsAsync();
        Assert.DoesNotContain(participants.Stage, m => m.UserId == speaker);
        Assert.Contains(speaker, participants.Listeners);
        Assert.Equal(Role.Listener, (await scenario.Space.JoinAsync(speaker)).Role);
    }

    [Theory]
    [InlineData(Role.Speaker)]
    [InlineData(Role.Cohost)]
    public async Task Speaker_or_cohost_leaves_the_stage_themselves(Role role)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var onStage = await scenario.UserInRoleAsync(role);

        await scenario.Space.MoveToAudienceAsync(onStage, onStage);

        Assert.Null(await scenario.StageRoleOfAsync(onStage));
        Assert.Contains(onStage, (await scenario.ParticipantsAsync()).Listeners);
    }

    [Fact]
    public async Task Speaker_cannot_move_another_speaker_to_the_audience()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var speaker = await scenario.SpeakerAsync();
        var other = await scenario.SpeakerAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.ModeratorOnly, () => scenario.Space.MoveToAudienceAsync(speaker, other));

        Assert.Equal(Role.Speaker, await scenario.StageRoleOfAsync(other));
    }

    [Fact]
    public async Task Moving_a_listener_to_the_audience_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();

        await Refused.AsConflictAsync(ErrorCodes.NotOnStage, () => scenario.Space.MoveToAudienceAsync(scenario.HostId, listener));
    }

    [Fact]
    public async Task Removed_listener_leaves_the_Space_loses_the_hand_and_cannot_rejoin()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var raiser = await scenario.HandRaiserAsync();
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await scenario.Space.RemoveParticipantAsync(scenario.HostId, raiser);

        var events = await recorder.NextAsync(2);
        var lowered = Assert.IsType<HandLowered>(events[0]);
        Assert.Equal((raiser, HandLoweredReason.Dismissed), (lowered.UserId, lowered.Reason));
        var removed = Assert.IsType<ParticipantRemoved>(events[1]);
        Assert.Equal((raiser, scenario.HostId), (removed.UserId, removed.RemovedBy));
        var participants = await scenario.ParticipantsAsync();
        Assert.Empty(participants.Hands);
        Assert.DoesNotContain(raiser, participants.Listeners);
        await Refused.AsForbiddenAsync(ErrorCodes.RemovedFromSpace, () => scenario.Space.JoinAsync(raiser));
        await Refused.AsConflictAsync(ErrorCodes.NotInSpace, () => scenario.Space.RaiseHandAsync(raiser));
    }

    [Theory]
    [InlineData(Role.Speaker)]
    [InlineData(Role.Cohost)]
    public async Task Removed_stage_member_loses_the_seat_and_cannot_rejoin(Role role)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var onStage = await scenario.UserInRoleAsync(role);
        await scenario.Space.MuteAsync(onStage, onStage);

        await scenario.Space.RemoveParticipantAsync(scenario.HostId, onStage);

        var space = await scenario.Space.GetAsync();
        Assert.DoesNotContain(onStage, space.CohostIds.Concat(space.SpeakerIds));
        Assert.Single((await scenario.ParticipantsAsync()).Stage);
        await Refused.AsForbiddenAsync(ErrorCodes.RemovedFromSpace, () => scenario.Space.JoinAsync(onStage));
    }

    [Fact]
    public async Task Cohost_cannot_remove_themselves()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var cohost = await scenario.CohostAsync();

        await Refused.AsInvalidAsync("user_id", ErrorCodes.InvalidField, () => scenario.Space.RemoveParticipantAsync(cohost, cohost));
    }

    private static async Task<bool> IsMutedAsync(SpaceScenario scenario, string userId) =>
        (await scenario.ParticipantsAsync()).Stage.Single(m => m.UserId == userId).Muted;

    private static TheoryData<Role, string> Cross(Role[] roles, IEnumerable<string> acts)
    {
        var data = new TheoryData<Role, string>();
        foreach (var role in roles)
        {
            foreach (var act in acts)
            {
                data.Add(role, act);
            }
        }

        return data;
    }
}
