using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>
/// product.md, "Roles and rules" and "Request to speak": hands, invitations, co-hosts, and the stage limit
/// (host + co-hosts + speakers ≤ 13, at most 2 co-hosts).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StageTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Listener_raises_a_hand_once()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();

        await scenario.Space.RaiseHandAsync(listener);
        await scenario.Space.RaiseHandAsync(listener);

        var hand = Assert.Single((await scenario.ParticipantsAsync()).Hands);
        Assert.Equal(listener, hand.UserId);
    }

    [Fact]
    public async Task Raising_a_hand_needs_having_joined()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        await Refused.AsConflictAsync(ErrorCodes.NotInSpace, () => scenario.Space.RaiseHandAsync(TestIds.User()));

        Assert.Empty((await scenario.ParticipantsAsync()).Hands);
    }

    [Theory]
    [InlineData(Role.Host)]
    [InlineData(Role.Cohost)]
    [InlineData(Role.Speaker)]
    public async Task Raising_a_hand_on_stage_is_refused(Role role)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var onStage = await scenario.UserInRoleAsync(role);

        await Refused.AsConflictAsync(ErrorCodes.AlreadyOnStage, () => scenario.Space.RaiseHandAsync(onStage));
    }

    [Fact]
    public async Task Leaving_the_Space_lowers_the_hand()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var raiser = await scenario.HandRaiserAsync();

        await scenario.Space.LeaveAsync(raiser);

        Assert.Empty((await scenario.ParticipantsAsync()).Hands);
    }

    [Theory]
    [InlineData(Role.Host)]
    [InlineData(Role.Cohost)]
    public async Task Moderator_accepts_a_raised_hand_and_the_listener_becomes_a_speaker(Role moderatorRole)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var moderator = await scenario.UserInRoleAsync(moderatorRole);
        var raiser = await scenario.HandRaiserAsync();
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        Assert.Equal(SpeakerAction.HandAccepted, await scenario.Space.AddSpeakerAsync(moderator, raiser));

        var events = await recorder.NextAsync(2);
        var lowered = Assert.IsType<HandLowered>(events[0]);
        Assert.Equal((raiser, HandLoweredReason.Accepted), (lowered.UserId, lowered.Reason));
        var joined = Assert.IsType<StageChanged>(events[1]);
        Assert.Equal((raiser, StageChange.JoinedStage), (joined.UserId, joined.Change));
        Assert.Contains(raiser, joined.Stage.SpeakerIds);
        var participants = await scenario.ParticipantsAsync();
        Assert.Empty(participants.Hands);
        Assert.DoesNotContain(raiser, participants.Listeners);
        Assert.Equal(Role.Speaker, await scenario.StageRoleOfAsync(raiser));
        Assert.Equal(Role.Speaker, (await scenario.Space.JoinAsync(raiser)).Role);
    }

    [Fact]
    public async Task Moderator_dismisses_a_raised_hand()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var raiser = await scenario.HandRaiserAsync();
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await scenario.Space.LowerHandAsync(scenario.HostId, raiser);

        var lowered = Assert.IsType<HandLowered>(Assert.Single(await recorder.NextAsync(1)));
        Assert.Equal((raiser, HandLoweredReason.Dismissed), (lowered.UserId, lowered.Reason));
        Assert.Empty((await scenario.ParticipantsAsync()).Hands);
    }

    [Fact]
    public async Task Listener_lowers_their_own_hand()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var raiser = await scenario.HandRaiserAsync();
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await scenario.Space.LowerHandAsync(raiser, raiser);

        var lowered = Assert.IsType<HandLowered>(Assert.Single(await recorder.NextAsync(1)));
        Assert.Equal(HandLoweredReason.Lowered, lowered.Reason);
    }

    [Fact]
    public async Task Moderator_invites_a_listener_without_a_raised_hand()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        Assert.Equal(SpeakerAction.Invited, await scenario.Space.AddSpeakerAsync(scenario.HostId, listener));

        var invited = Assert.IsType<SpeakerInvited>(Assert.Single(await recorder.NextAsync(1)));
        Assert.Equal((listener, scenario.HostId), (invited.UserId, invited.InvitedBy));
        Assert.Equal([listener], (await scenario.Space.GetAsync()).InvitedUserIds);
        Assert.Null(await scenario.StageRoleOfAsync(listener));
    }

    [Fact]
    public async Task Invitee_accepts_and_goes_on_stage()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var invitee = await scenario.InviteeAsync();

        await scenario.Space.AcceptInvitationAsync(invitee);

        var space = await scenario.Space.GetAsync();
        Assert.Equal([invitee], space.SpeakerIds);
        Assert.Empty(space.InvitedUserIds);
    }

    [Fact]
    public async Task Invitee_declines_and_stays_in_the_audience()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var invitee = await scenario.InviteeAsync();

        await scenario.Space.DeclineInvitationAsync(invitee);

        var participants = await scenario.ParticipantsAsync();
        Assert.Empty(participants.InvitedUserIds);
        Assert.Contains(invitee, participants.Listeners);
        await Refused.AsConflictAsync(ErrorCodes.NoPendingInvitation, () => scenario.Space.AcceptInvitationAsync(invitee));
    }

    [Fact]
    public async Task Accepting_or_declining_without_an_invitation_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var listener = await scenario.ListenerAsync();

        await Refused.AsConflictAsync(ErrorCodes.NoPendingInvitation, () => scenario.Space.AcceptInvitationAsync(listener));
        await Refused.AsConflictAsync(ErrorCodes.NoPendingInvitation, () => scenario.Space.DeclineInvitationAsync(listener));
        Assert.Null(await scenario.StageRoleOfAsync(listener));
    }

    [Theory]
    [InlineData("withdrawn")]
    [InlineData("invitee_removed")]
    public async Task Invitation_ends_when_withdrawn_or_when_the_invitee_is_removed(string how)
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var invitee = await scenario.InviteeAsync();

        await (how == "withdrawn"
            ? scenario.Space.MoveToAudienceAsync(scenario.HostId, invitee)
            : scenario.Space.RemoveParticipantAsync(scenario.HostId, invitee));

        Assert.Empty((await scenario.Space.GetAsync()).InvitedUserIds);
        await Refused.AsConflictAsync(ErrorCodes.NoPendingInvitation, () => scenario.Space.AcceptInvitationAsync(invitee));
    }

    [Fact]
    public async Task Adding_a_speaker_who_has_not_joined_or_is_on_stage_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var speaker = await scenario.SpeakerAsync();

        await Refused.AsConflictAsync(ErrorCodes.NotInSpace, () => scenario.Space.AddSpeakerAsync(scenario.HostId, TestIds.User()));
        await Refused.AsConflictAsync(ErrorCodes.AlreadyOnStage, () => scenario.Space.AddSpeakerAsync(scenario.HostId, speaker));
    }

    [Fact]
    public async Task Speaker_who_leaves_the_Space_gives_up_the_seat()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var speaker = await scenario.SpeakerAsync();

        await scenario.Space.LeaveAsync(speaker);

        Assert.Null(await scenario.StageRoleOfAsync(speaker));
        Assert.Equal(Role.Listener, (await scenario.Space.JoinAsync(speaker)).Role);
    }

    [Fact]
    public async Task Cohost_who_leaves_the_Space_keeps_the_seat_but_is_not_present()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var cohost = await scenario.CohostAsync();

        await scenario.Space.LeaveAsync(cohost);

        var member = (await scenario.ParticipantsAsync()).Stage.Single(m => m.UserId == cohost);
        Assert.Equal((Role.Cohost, false), (member.Role, member.Present));
        Assert.Equal(Role.Cohost, (await scenario.Space.JoinAsync(cohost)).Role);
    }

    [Fact]
    public async Task Stage_holds_at_most_13_so_accepting_a_fourteenth_hand_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.FillStageAsync();
        var raiser = await scenario.HandRaiserAsync();

        await Refused.AsConflictAsync(ErrorCodes.StageFull, () => scenario.Space.AddSpeakerAsync(scenario.HostId, raiser));

        var participants = await scenario.ParticipantsAsync();
        Assert.Equal(13, participants.Stage.Count);
        Assert.Null(await scenario.StageRoleOfAsync(raiser));
    }

    [Fact]
    public async Task Refused_accept_on_a_full_stage_keeps_the_hand_raised()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.FillStageAsync();
        var raiser = await scenario.HandRaiserAsync();

        await Refused.AsConflictAsync(ErrorCodes.StageFull, () => scenario.Space.AddSpeakerAsync(scenario.HostId, raiser));

        Assert.Equal([raiser], (await scenario.ParticipantsAsync()).Hands.Select(h => h.UserId));
    }

    [Fact]
    public async Task Inviting_to_a_full_stage_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.FillStageAsync();
        var listener = await scenario.ListenerAsync();

        await Refused.AsConflictAsync(ErrorCodes.StageFull, () => scenario.Space.AddSpeakerAsync(scenario.HostId, listener));

        Assert.Empty((await scenario.Space.GetAsync()).InvitedUserIds);
    }

    [Fact]
    public async Task Accepting_an_invitation_after_the_stage_filled_meanwhile_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var invitee = await scenario.InviteeAsync();
        await scenario.FillStageAsync();

        await Refused.AsConflictAsync(ErrorCodes.StageFull, () => scenario.Space.AcceptInvitationAsync(invitee));

        Assert.Null(await scenario.StageRoleOfAsync(invitee));
        Assert.Equal(13, (await scenario.ParticipantsAsync()).Stage.Count);
    }

    [Fact]
    public async Task Stage_seat_freed_by_a_speaker_stepping_down_can_be_taken_again()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.FillStageAsync();
        var leaving = (await scenario.Space.GetAsync()).SpeakerIds[0];
        var raiser = await scenario.HandRaiserAsync();

        await scenario.Space.MoveToAudienceAsync(leaving, leaving);

        Assert.Equal(SpeakerAction.HandAccepted, await scenario.Space.AddSpeakerAsync(scenario.HostId, raiser));
        Assert.Equal(13, (await scenario.ParticipantsAsync()).Stage.Count);
    }

    [Fact]
    public async Task Cohosts_count_towards_the_stage_limit()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.CohostAsync();
        await scenario.FillStageAsync();
        var listener = await scenario.ListenerAsync();

        await Refused.AsConflictAsync(ErrorCodes.StageFull, () => scenario.Space.AddCohostAsync(scenario.HostId, listener));

        var space = await scenario.Space.GetAsync();
        Assert.Equal((1, 11), (space.CohostIds.Count, space.SpeakerIds.Count));
    }

    [Fact]
    public async Task Host_adds_two_cohosts_and_a_third_is_refused()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var first = await scenario.CohostAsync();
        var second = await scenario.CohostAsync();
        var third = await scenario.ListenerAsync();

        await Refused.AsConflictAsync(ErrorCodes.CohostLimit, () => scenario.Space.AddCohostAsync(scenario.HostId, third));

        Assert.Equal([first, second], (await scenario.Space.GetAsync()).CohostIds);
        Assert.Null(await scenario.StageRoleOfAsync(third));
    }

    [Fact]
    public async Task Speaker_promoted_to_cohost_keeps_one_seat()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var speaker = await scenario.SpeakerAsync();

        await scenario.Space.AddCohostAsync(scenario.HostId, speaker);

        var space = await scenario.Space.GetAsync();
        Assert.Equal([speaker], space.CohostIds);
        Assert.Empty(space.SpeakerIds);
        Assert.Equal(2, (await scenario.ParticipantsAsync()).Stage.Count);
    }

    [Fact]
    public async Task Removed_cohost_keeps_a_speaker_seat()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var cohost = await scenario.CohostAsync();

        await scenario.Space.RemoveCohostAsync(scenario.HostId, cohost);

        Assert.Equal(Role.Speaker, await scenario.StageRoleOfAsync(cohost));
    }

    [Fact]
    public async Task Host_cannot_be_made_a_cohost()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        await Refused.AsForbiddenAsync(ErrorCodes.CannotActOnHost, () => scenario.Space.AddCohostAsync(scenario.HostId, scenario.HostId));
    }

    [Fact]
    public async Task Cohost_cannot_end_the_Space_but_may_moderate()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var cohost = await scenario.CohostAsync();
        var raiser = await scenario.HandRaiserAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.EndAsync(cohost));
        Assert.Equal(SpeakerAction.HandAccepted, await scenario.Space.AddSpeakerAsync(cohost, raiser));
        await scenario.Space.MuteAsync(cohost, raiser);

        Assert.True((await scenario.ParticipantsAsync()).Stage.Single(m => m.UserId == raiser).Muted);
    }
}
