using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests;

/// <summary>The limits hold when the calls race: the grain decides each in its own turn.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcurrencyTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Fifty_concurrent_accepts_fill_the_stage_to_exactly_13()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var raisers = await scenario.ListenersAsync(50);
        await Task.WhenAll(raisers.Select(scenario.Space.RaiseHandAsync));
        Assert.Equal(50, (await scenario.ParticipantsAsync()).Hands.Count);

        var outcomes = await Outcome.AllAtOnceAsync(raisers, user => scenario.Space.AddSpeakerAsync(scenario.HostId, user));

        Assert.Equal(12, outcomes.Count(o => o is null));
        Assert.All(outcomes.OfType<SpacesException>(), o => Assert.Equal((ErrorKind.Conflict, ErrorCodes.StageFull), (o.Kind, o.Code)));
        Assert.Equal(38, outcomes.Count(o => o is not null));
        var space = await scenario.Space.GetAsync();
        Assert.Equal(12, space.SpeakerIds.Count);
        Assert.Equal(13, (await scenario.ParticipantsAsync()).Stage.Count);
        Assert.Equal(raisers.Where((_, i) => outcomes[i] is null).Order(), space.SpeakerIds.Order());
    }

    [Fact]
    public async Task Ten_concurrent_cohost_adds_make_exactly_two_cohosts()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var candidates = await scenario.ListenersAsync(10);

        var outcomes = await Outcome.AllAtOnceAsync(candidates, user => scenario.Space.AddCohostAsync(scenario.HostId, user));

        Assert.Equal(2, outcomes.Count(o => o is null));
        Assert.All(outcomes.OfType<SpacesException>(), o => Assert.Equal((ErrorKind.Conflict, ErrorCodes.CohostLimit), (o.Kind, o.Code)));
        Assert.Equal(candidates.Where((_, i) => outcomes[i] is null).Order(), (await scenario.Space.GetAsync()).CohostIds.Order());
    }

    [Fact]
    public async Task Concurrent_invitation_accepts_never_overfill_the_stage()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var invitees = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            invitees.Add(await scenario.InviteeAsync());
        }

        var outcomes = await Outcome.AllAtOnceAsync(invitees, scenario.Space.AcceptInvitationAsync);

        Assert.Equal(12, outcomes.Count(o => o is null));
        Assert.All(outcomes.OfType<SpacesException>(), o => Assert.Equal(ErrorCodes.StageFull, o.Code));
        Assert.Equal(13, (await scenario.ParticipantsAsync()).Stage.Count);
    }
}
