using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests.Recordings;

/// <summary>
/// product.md "Recordings": a replay is the host's until they make it public; then everyone the admission rule lets
/// into the Space may listen (on a ticketed Space, ticket holders), by Space and in the host's list of replays.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplayVisibilityTests(ClusterFixture cluster)
{
    [Fact]
    public async Task The_host_hears_the_replay_and_others_only_once_it_is_public()
    {
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Replayed", null, null, null, Record: true));
        var listener = await scenario.ListenerAsync();
        var stranger = TestIds.User("stranger");
        await Refused.ByAsync(ErrorKind.NotFound, ErrorCodes.ReplayNotFound, () => scenario.Space.GetReplayAsync(scenario.HostId));

        await new RecordingScenario(cluster, scenario.SpaceId).RecordUntilTheEndAsync(scenario.Space, scenario.HostId);

        Assert.Equal(scenario.SpaceId, (await scenario.Space.GetReplayAsync(scenario.HostId)).SpaceId);
        await Refused.AsForbiddenAsync(ErrorCodes.ReplayNotPublic, () => scenario.Space.GetReplayAsync(listener));
        Assert.Single(await cluster.Lookup().GetReplaysAsync(scenario.HostId, scenario.HostId));
        Assert.Empty(await cluster.Lookup().GetReplaysAsync(scenario.HostId, stranger));

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.Space.SetReplayPublicAsync(listener, isPublic: true));
        var published = await scenario.Space.SetReplayPublicAsync(scenario.HostId, isPublic: true);
        Assert.True(published.Recording!.Public);
        var heard = await scenario.Space.GetReplayAsync(stranger);
        Assert.Equal((true, false, scenario.HostId), (heard.Public, heard.IsTicketed, heard.HostId));
        Assert.Equal(scenario.SpaceId, Assert.Single(await cluster.Lookup().GetReplaysAsync(scenario.HostId, stranger)).SpaceId);

        await scenario.Space.SetReplayPublicAsync(scenario.HostId, isPublic: false);
        await Refused.AsForbiddenAsync(ErrorCodes.ReplayNotPublic, () => scenario.Space.GetReplayAsync(stranger));
    }

    [Fact]
    public async Task A_ticketed_Spaces_public_replay_stays_for_its_ticket_holders()
    {
        var scenario = await TicketScenario.CreateAsync(cluster, new NewSpaceRequest(
            "Paid and recorded", null, null, null, new TicketRequest(500, "USD", 10, null), Record: true));
        var (holder, _) = await scenario.HolderAsync();
        var outsider = TestIds.User("outsider");
        await new RecordingScenario(cluster, scenario.SpaceId).RecordUntilTheEndAsync(scenario.Space, scenario.HostId);
        await scenario.Space.SetReplayPublicAsync(scenario.HostId, isPublic: true);

        Assert.True((await scenario.Space.GetReplayAsync(holder)).IsTicketed);
        await Refused.AsForbiddenAsync(ErrorCodes.TicketRequired, () => scenario.Space.GetReplayAsync(outsider));
        Assert.Single(await cluster.Lookup().GetReplaysAsync(scenario.HostId, holder));
        Assert.Empty(await cluster.Lookup().GetReplaysAsync(scenario.HostId, outsider));
    }

    [Fact]
    public async Task A_removed_listener_never_hears_the_replay_and_publishing_needs_a_recording()
    {
        var scenario = await SpaceScenario.CreateAsync(cluster, new NewSpaceRequest("Strict", null, null, null, Record: true));
        var removed = await scenario.ListenerAsync();
        await scenario.Space.RemoveParticipantAsync(scenario.HostId, removed);
        await new RecordingScenario(cluster, scenario.SpaceId).RecordUntilTheEndAsync(scenario.Space, scenario.HostId);
        await scenario.Space.SetReplayPublicAsync(scenario.HostId, isPublic: true);

        await Refused.AsForbiddenAsync(ErrorCodes.RemovedFromSpace, () => scenario.Space.GetReplayAsync(removed));

        var unrecorded = await SpaceScenario.LiveAsync(cluster);
        await Refused.AsConflictAsync(ErrorCodes.NotRecorded, () => unrecorded.Space.SetReplayPublicAsync(unrecorded.HostId, isPublic: true));
    }
}
