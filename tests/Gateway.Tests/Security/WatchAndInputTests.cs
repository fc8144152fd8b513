using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Http;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>Who may watch a Space over the wire, input a user would call invalid, and the protocol's own limits as problems.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class WatchAndInputTests(GatewayHost host)
{
    private Api Api => host.Api;

    [Fact]
    public async Task A_removed_user_can_neither_subscribe_to_the_Space_nor_read_its_participants()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listener = await Api.ListenerAsync(spaceId);
        await Api.DoAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/remove/{listener.Id}", hostUser);
        await using var events = await EventClient.ConnectAsync(Api, listener.Token);

        var refused = await events.SubscribeAsync(spaceId);

        Assert.Equal(("error", "removed_from_space"), (EventClient.Type(refused), refused["code"]?.GetValue<string>()));
        await Api.FailAsync(HttpMethod.Get, $"/v1/spaces/{spaceId}/participants", listener, HttpStatusCode.Forbidden, "removed_from_space");
    }

    [Fact]
    public async Task A_cohost_cannot_remove_another_cohost()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var first = await Api.CohostAsync(spaceId, hostUser);
        var second = await Api.CohostAsync(spaceId, hostUser);

        await Api.FailAsync(HttpMethod.Delete, $"/v1/spaces/{spaceId}/cohosts/{second.Id}", first, HttpStatusCode.Forbidden, "host_only");
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_a_400_naming_the_field()
    {
        var hostUser = await Api.UserAsync("host", followers: 1500);

        var response = await Api.SendRawAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token,
            """{"title":"Masterclass","ticket":{"price":"500","currency":"USD","capacity":100}}""");

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid_json", "ticket.price");
    }

    [Fact]
    public async Task A_title_of_zero_width_characters_only_is_a_400_naming_title()
    {
        var hostUser = await Api.UserAsync("host", followers: 600);

        var response = await Api.SendAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token, new JsonObject { ["title"] = "\u200B\u200C\u200D" });

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "title_required", "title");
    }

    [Fact]
    public async Task A_bio_with_control_characters_is_a_400_naming_bio()
    {
        var user = await Api.UserAsync();

        var response = await Api.SendAsync(HttpMethod.Put, "/v1/users/me", user.Token, new JsonObject { ["bio"] = "ding\u0007\u0000" });

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid_field", "bio");
    }

    [Fact]
    public async Task A_long_url_is_a_414_problem()
    {
        var user = await Api.UserAsync();

        var response = await Api.SendAsync(HttpMethod.Get, "/v1/spaces/" + new string('a', 20_000), user.Token);

        await Api.ExpectProblemAsync(response, HttpStatusCode.RequestUriTooLong, "uri_too_long");
    }

    [Fact]
    public async Task Oversized_headers_are_a_431_problem()
    {
        var user = await Api.UserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/spaces/live");
        request.Headers.Authorization = new("Bearer", user.Token);
        request.Headers.Add("X-Padding", new string('p', 40_000));

        var response = await Api.Http.SendAsync(request);

        await Api.ExpectProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large");
    }
}
