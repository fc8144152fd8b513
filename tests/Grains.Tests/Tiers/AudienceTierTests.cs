using System.Globalization;
using Spaces.Grains.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;

namespace Spaces.Grains.Tests.Tiers;

/// <summary>
/// product.md "Media": listeners take WebRTC seats up to Spaces:MaxRealtimeListeners (2 here); everyone after gets the
/// HLS playlist, the first of them makes the Space start its HLS egress (once), and an HLS listener who goes on stage
/// or takes an offered seat gets WebRTC by joining again.
/// </summary>
[Collection(TieredCollection.Name)]
public sealed class AudienceTierTests(TieredClusterFixture cluster)
{
    [Fact]
    public async Task The_third_listener_gets_the_HLS_playlist_and_the_egress_starts_once()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        var answers = new List<JoinResult>();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            answers.Add(await scenario.Space.JoinAsync(TestIds.User("listener")));
        }

        Assert.All(answers[..2], a => Assert.True(a.Media is { Kind: MediaKind.WebRtc, Token.Length: > 0 }));
        var playlist = string.Format(CultureInfo.InvariantCulture, TieredClusterFixture.LivePlaylist, scenario.SpaceId);
        Assert.All(answers[2..], a => Assert.Equal(new MediaAccess(playlist, null, MediaKind.Hls), a.Media));
        await cluster.CaughtUpAsync(scenario.SpaceId);
        var egress = Assert.Single(cluster.EgressesOf(scenario.SpaceId));
        Assert.True(egress.RoomComposite is { AudioOnly: true, FileOutputs.Count: 0 });
        Assert.Equal($"spaces/{scenario.SpaceId}/hls/live.m3u8", Assert.Single(egress.RoomComposite.SegmentOutputs).LivePlaylistName);
    }

    [Fact]
    public async Task Concurrent_joins_seat_exactly_the_limit_on_WebRTC_and_start_one_egress()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => scenario.Space.JoinAsync(TestIds.User("crowd"))));

        Assert.Equal(2, answers.Count(a => a.Media.Kind == MediaKind.WebRtc));
        Assert.Equal(10, answers.Count(a => a.Media is { Kind: MediaKind.Hls, Token: null }));
        await cluster.CaughtUpAsync(scenario.SpaceId);
        Assert.Single(cluster.EgressesOf(scenario.SpaceId));
        Assert.Single(cluster.LiveKit.Requests, r => r.Method == "StartRoomCompositeEgress" && r.Body.Contains(scenario.SpaceId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Joining_again_keeps_a_WebRTC_seat_and_the_stage_always_gets_WebRTC()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var seated = await scenario.ListenersAsync(2);
        await scenario.ListenerAsync();

        Assert.Equal(MediaKind.WebRtc, (await scenario.Space.JoinAsync(seated[0])).Media.Kind);
        Assert.Equal(MediaKind.WebRtc, (await scenario.Space.JoinAsync(scenario.HostId)).Media.Kind);
    }

    [Fact]
    public async Task An_HLS_listener_accepted_from_a_raised_hand_gets_a_WebRTC_token_by_joining_again()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.ListenersAsync(2);
        var overflow = TestIds.User("overflow");
        Assert.Equal(MediaKind.Hls, (await scenario.Space.JoinAsync(overflow)).Media.Kind);
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await scenario.Space.RaiseHandAsync(overflow);
        Assert.Equal(SpeakerAction.HandAccepted, await scenario.Space.AddSpeakerAsync(scenario.HostId, overflow));

        var events = await recorder.NextAsync(3);
        Assert.Contains(events, e => e is StageChanged { Change: StageChange.JoinedStage } changed && changed.UserId == overflow);
        var rejoined = await scenario.Space.JoinAsync(overflow);
        Assert.Equal(Role.Speaker, rejoined.Role);
        Assert.True(rejoined.Media is { Kind: MediaKind.WebRtc, Token.Length: > 0 });
    }

    [Fact]
    public async Task An_HLS_listener_who_accepts_an_invitation_gets_a_WebRTC_token_by_joining_again()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        await scenario.ListenersAsync(2);
        var invitee = await scenario.InviteeAsync();

        await scenario.Space.AcceptInvitationAsync(invitee);

        Assert.True((await scenario.Space.JoinAsync(invitee)) is { Role: Role.Speaker, Media.Kind: MediaKind.WebRtc });
    }

    [Fact]
    public async Task A_freed_seat_is_offered_to_HLS_listeners_and_taken_by_joining_again()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);
        var seated = await scenario.ListenersAsync(2);
        var overflow = TestIds.User("overflow");
        Assert.Equal(MediaKind.Hls, (await scenario.Space.JoinAsync(overflow)).Media.Kind);
        var recorder = await EventRecorder.SubscribeAsync(cluster.Client, scenario.Space);

        await scenario.Space.LeaveAsync(seated[0]);
        cluster.Time.Advance(cluster.Options.AudienceCountInterval);

        // The tick's audience.count, then the offer.
        var offer = Assert.Single((await recorder.NextAsync(2)).OfType<UpgradeOffered>());
        Assert.Equal(1, offer.Seats);
        Assert.Equal(MediaKind.WebRtc, (await scenario.Space.JoinAsync(overflow)).Media.Kind);
        Assert.Equal(MediaKind.Hls, (await scenario.Space.JoinAsync(TestIds.User("late"))).Media.Kind);
    }

    [Fact]
    public async Task A_scheduled_Space_with_more_reminders_than_seats_starts_its_HLS_egress_at_go_live()
    {
        var big = await SpaceScenario.ScheduledAsync(cluster);
        var small = await SpaceScenario.ScheduledAsync(cluster);
        foreach (var fan in Enumerable.Range(0, 3).Select(_ => TestIds.User("fan")))
        {
            await big.Space.SetReminderAsync(fan, true);
        }

        await small.Space.SetReminderAsync(TestIds.User("fan"), true);
        await small.Space.SetReminderAsync(TestIds.User("fan"), true);

        await big.Space.StartAsync(big.HostId);
        await small.Space.StartAsync(small.HostId);

        await cluster.CaughtUpAsync(big.SpaceId);
        await cluster.CaughtUpAsync(small.SpaceId);
        Assert.Equal(EgressStatus.Starting, Assert.Single(cluster.EgressesOf(big.SpaceId)).Status);
        Assert.Empty(cluster.EgressesOf(small.SpaceId));
    }
}
