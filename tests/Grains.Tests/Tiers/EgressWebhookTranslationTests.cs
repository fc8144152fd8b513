using Spaces.Grains.Media;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Webhooks;

namespace Spaces.Grains.Tests.Tiers;

/// <summary>What an egress webhook means to a Space: its room is named in the egress; segments make it the HLS stream, a lone file a recording.</summary>
public sealed class EgressWebhookTranslationTests
{
    private const string SpaceId = "AbCdEfGhIjKlM";

    [Fact]
    public void An_HLS_egress_update_reaches_its_Space_with_the_live_playlist()
    {
        var egress = new EgressInfo
        {
            EgressId = "EG_1",
            RoomName = SpaceId,
            Status = EgressStatus.Active,
            RoomComposite = new RoomCompositeEgressRequest { RoomName = SpaceId, AudioOnly = true, SegmentOutputs = [new SegmentedFileOutput { LivePlaylistName = "live.m3u8" }] },
            SegmentResults = [new EgressSegmentsInfo { PlaylistLocation = "s3://b/index.m3u8", LivePlaylistLocation = "s3://b/live.m3u8" }],
        };

        var translated = MediaWebhooks.Translate(Webhook(WebhookEventNames.EgressUpdated, egress));

        Assert.Equal(
            (SpaceId, new MediaEvent("EV_1", MediaEventKind.EgressChanged, null, null, new EgressReport("EG_1", EgressKind.Hls, EgressPhase.Active, null, "s3://b/live.m3u8"))),
            translated);
    }

    [Theory]
    [InlineData(EgressStatus.Complete, EgressPhase.Complete)]
    [InlineData(EgressStatus.Failed, EgressPhase.Failed)]
    [InlineData(EgressStatus.Aborted, EgressPhase.Failed)]
    [InlineData(EgressStatus.LimitReached, EgressPhase.Failed)]
    public void An_ended_file_egress_carries_its_phase_file_and_duration(EgressStatus status, EgressPhase phase)
    {
        var egress = new EgressInfo
        {
            EgressId = "EG_2",
            RoomName = SpaceId,
            Status = status,
            Error = status == EgressStatus.Complete ? "" : "it broke",
            FileResults = [new EgressFileInfo { Location = "https://b/recording.ogg", Duration = 90_000_000_000 }],
        };

        var report = MediaWebhooks.Translate(Webhook(WebhookEventNames.EgressEnded, egress))?.Event.Egress;

        Assert.Equal(new EgressReport("EG_2", EgressKind.File, phase, status == EgressStatus.Complete ? null : "it broke", "https://b/recording.ogg", TimeSpan.FromSeconds(90)), report);
        Assert.True(report!.Phase.IsOver());
    }

    [Fact]
    public void Egresses_of_rooms_that_are_not_Spaces_and_egress_events_without_an_egress_translate_to_nothing()
    {
        Assert.Null(MediaWebhooks.Translate(Webhook(WebhookEventNames.EgressStarted, new EgressInfo { EgressId = "EG_3", RoomName = "lobby" })));
        Assert.Null(MediaWebhooks.Translate(new WebhookEvent { Event = WebhookEventNames.EgressStarted, Id = "EV_1" }));
    }

    private static WebhookEvent Webhook(string name, EgressInfo egress) => new() { Event = name, Id = "EV_1", EgressInfo = egress };
}
