using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        var official = (await oracle.RunSuccessfullyAsync("room-service-requests"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToList();
        var ours = await RunScriptAsync();

        Assert.Equal(official.Count, ours.Count);
        foreach (var (expected, actual) in official.Zip(ours))
        {
            var path = (string)expected["path"]!;
            Assert.Equal("POST", (string?)expected["method"]);
            Assert.Equal(path, actual.Path);
            AssertSameContentType((string)expected["contentType"]!, actual.ContentType, path);
            AssertProtoEqual(expected["body"], JsonNode.Parse(actual.Body), $"body of {path}");
            AssertProtoEqual(expected["grant"], JsonSerializer.SerializeToNode(actual.Grant, AccessTokenClaims.JsonOptions), $"grant of {path}");
        }
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

    private static void AssertSameContentType(string expected, string? actual, string path)
    {
        Assert.NotNull(actual);
        var (want, got) = (MediaTypeHeaderValue.Parse(expected), MediaTypeHeaderValue.Parse(actual));
        Assert.True(
            string.Equals(want.MediaType, got.MediaType, StringComparison.OrdinalIgnoreCase)
                && string.Equals(want.CharSet, got.CharSet, StringComparison.OrdinalIgnoreCase),
            $"content type of {path}: official '{expected}', ours '{actual}'");
    }

    /// <summary>Equality under proto3 JSON rules: a field at its default value may be absent on either side.</summary>
    private static void AssertProtoEqual(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(WithoutDefaults(expected), WithoutDefaults(actual)), $"{what}: official {expected?.ToJsonString()}, ours {actual?.ToJsonString()}");

    private static JsonNode? WithoutDefaults(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => !IsDefault(p.Value))
            .Select(p => KeyValuePair.Create(p.Key, WithoutDefaults(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(WithoutDefaults)]),
        _ => node?.DeepClone(),
    };

    private static bool IsDefault(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue scalar => scalar.GetValueKind() switch
        {
            JsonValueKind.False => true,
            JsonValueKind.Number => scalar.GetValue<double>() == 0,
            JsonValueKind.String => scalar.GetValue<string>().Length == 0,
            _ => false,
        },
        // A message field is present even when empty.
        _ => false,
    };
}
