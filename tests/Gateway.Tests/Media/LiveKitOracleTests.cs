using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.LiveKit.Testing;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Media;

/// <summary>
/// The gateway against LiveKit's official Node SDK: the join tokens pass its verifier with the intended grants,
/// and the webhook endpoint accepts what it signs and rejects any change to it. Without Node and npm these fail.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class LiveKitOracleTests(MediaHost host, LiveKitOracle oracle) : IClassFixture<LiveKitOracle>
{
    private const string ApiKey = "devkey";
    private const string ApiSecret = "secret";

    private readonly Api _api = host.Api;

    [Fact]
    public async Task Join_tokens_pass_the_official_verifier_with_the_roles_grants()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        var listener = await _api.UserAsync("listener");

        var cases = new[] { (listener, MediaTokenTests.Video(id, onStage: false)), (speaker, MediaTokenTests.Video(id, onStage: true)), (creator, MediaTokenTests.Video(id, onStage: true)) };
        var tokens = new List<string>();
        foreach (var (user, _) in cases)
        {
            tokens.Add((await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", user, HttpStatusCode.OK))["media"]!["token"]!.GetValue<string>());
        }

        // One Node process per token, side by side.
        var verified = await Task.WhenAll(tokens.Select(token => oracle.RunForJsonAsync("verify-token", token, ApiKey, ApiSecret)));

        foreach (var ((user, video), claims) in cases.Zip(verified))
        {
            Assert.Equal((user.Id, ApiKey), ((string?)claims["sub"], (string?)claims["iss"]));
            Assert.True(JsonNode.DeepEquals(video, claims["video"]), $"{user.Id}: the official verifier read the video grant as {claims["video"]}");
            Assert.Equal(600, (long)claims["exp"]! - (long)claims["nbf"]!);
        }
    }

    [Fact]
    public async Task An_officially_signed_webhook_is_applied_and_any_change_to_it_is_401()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var first = await _api.UserAsync("first");
        var second = await _api.UserAsync("second");
        // As LiveKit writes it: proto3 JSON, int64 fields as strings, enums by name.
        var body = $$$"""
            {"event":"participant_joined","room":{"sid":"RM_oracle","name":"{{{id}}}","emptyTimeout":300,"creationTime":"1700000000"},"participant":{"sid":"PA_oracle","identity":"{{{first.Id}}}","state":"ACTIVE","joinedAt":"1700000001","permission":{"canSubscribe":true}},"id":"EV_oracle_{{{id}}}","createdAt":"1700000001"}
            """;
        var signed = await Task.WhenAll(
            oracle.RunSuccessfullyAsync("sign-webhook", oracle.WriteFile(body), ApiKey, ApiSecret),
            oracle.RunSuccessfullyAsync("sign-webhook", oracle.WriteFile(body), ApiKey, "another-secret"));
        var (authorization, foreign) = (signed[0], signed[1]);
        var signatureStart = authorization.LastIndexOf('.') + 1;
        var tamperedHeader = authorization[..signatureStart] + (authorization[signatureStart] == 'A' ? 'B' : 'A') + authorization[(signatureStart + 1)..];

        await Api.ExpectProblemAsync(await host.PostWebhookAsync(body.Replace(first.Id, second.Id, StringComparison.Ordinal), authorization), HttpStatusCode.Unauthorized, "invalid_webhook_signature");
        await Api.ExpectProblemAsync(await host.PostWebhookAsync(body, tamperedHeader), HttpStatusCode.Unauthorized, "invalid_webhook_signature");
        await Api.ExpectProblemAsync(await host.PostWebhookAsync(body, foreign), HttpStatusCode.Unauthorized, "invalid_webhook_signature");
        Assert.Equal(0, (await _api.ParticipantsAsync(id, creator))["listener_count"]!.GetValue<int>());

        await Api.ExpectAsync(await host.PostWebhookAsync(body, authorization), HttpStatusCode.OK);

        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Equal([first.Id], Strings(participants["listeners"]));
    }
}
