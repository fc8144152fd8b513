using Microsoft.Extensions.Options;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.RoomService;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tests.Oracle;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Tests.Conformance;

/// <summary>Our RoomService requests against those of the official client for the oracle's fixed script.</summary>
[Collection(OracleCollection.Name)]
public sealed class RoomServiceConformanceTests(LiveKitOracle oracle)
{
    [Fact]
    public async Task Our_requests_match_the_official_client_for_the_same_script()
    {
        var official = await OfficialRequests.CaptureAsync(oracle, "room-service-requests");

        OfficialRequests.AssertSameRequests(official, await RunScriptAsync());
    }

    /// <summary>ROOM_SERVICE_SCRIPT of tests/livekit-oracle/oracle.mjs, with our client, against a test server holding the participants it touches.</summary>
    private static async Task<IReadOnlyList<RecordedRequest>> RunScriptAsync()
    {
        await using var server = await LiveKitTestServer.StartAsync(TestKeys.ApiKey, TestKeys.ApiSecret);
        server.AddParticipant("space-1", "alice", audioTrackSid: "TR_abc");
        server.AddParticipant("space-1", "bob");
        var options = Options.Create(server.CreateClientOptions());
        using var http = new HttpClient();
        var client = new RoomServiceClient(http, options, new AccessTokenIssuer(options, TimeProvider.System));

        await client.CreateRoomAsync("space-1", TimeSpan.FromSeconds(300), """{"title":"t"}""");
        await client.UpdateParticipantAsync("space-1", "alice", permission: new ParticipantPermission
        {
            CanPublish = true, CanSubscribe = true, CanPublishData = true, CanPublishSources = [TrackSource.Microphone],
        });
        await client.UpdateParticipantAsync("space-1", "alice", permission: new ParticipantPermission { CanPublish = false, CanSubscribe = true, CanPublishData = false });
        await client.MutePublishedTrackAsync("space-1", "alice", "TR_abc", muted: true);
        await client.RemoveParticipantAsync("space-1", "bob");
        await client.ListParticipantsAsync("space-1");
        await client.UpdateRoomMetadataAsync("space-1", """{"title":"u"}""");
        await client.DeleteRoomAsync("space-1");
        return server.Requests;
    }
}
