using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>The default per-user limits (docs/security.md) never touch a user who behaves like a person.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class FairUseTests(GatewayHost gateway)
{
    [Fact]
    public async Task A_host_may_open_a_few_Spaces_in_a_row()
    {
        var hostUser = await gateway.Api.UserAsync("host", followers: 600);

        for (var session = 0; session < 5; session++)
        {
            var created = await gateway.Api.SendAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token, new JsonObject { ["title"] = $"Session {session}" });
            var spaceId = (await Api.ExpectAsync(created, HttpStatusCode.Created))["id"]!.GetValue<string>();
            await Api.ExpectAsync(await gateway.Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/end", hostUser.Token), HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_lively_listener_is_never_rate_limited_by_the_defaults()
    {
        var (_, room) = await gateway.Api.LiveSpaceAsync();
        var person = await gateway.Api.ListenerAsync(room);

        // Five hand toggles, eight room hops and five reconnects in quick succession.
        for (var toggle = 0; toggle < 5; toggle++)
        {
            await Expect(HttpMethod.Put, $"/v1/spaces/{room}/hand", person, HttpStatusCode.NoContent);
            await Expect(HttpMethod.Delete, $"/v1/spaces/{room}/hand", person, HttpStatusCode.NoContent);
        }

        for (var hop = 0; hop < 8; hop++)
        {
            await Expect(HttpMethod.Post, $"/v1/spaces/{room}/leave", person, HttpStatusCode.NoContent);
            await Expect(HttpMethod.Post, $"/v1/spaces/{room}/join", person, HttpStatusCode.OK);
        }

        for (var reconnect = 0; reconnect < 5; reconnect++)
        {
            using var socket = await gateway.Api.ConnectAsync(person.Token);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
    }

    private async Task Expect(HttpMethod method, string path, User user, HttpStatusCode status) =>
        await Api.ExpectAsync(await gateway.Api.SendAsync(method, path, user.Token), status);
}
