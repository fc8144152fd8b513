using System.Net;
using System.Net.WebSockets;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>The default per-user limits (docs/security.md) never touch a user who behaves like a person.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class FairUseTests(GatewayHost host)
{
    private Api Api => host.Api;

    [Fact]
    public async Task A_lively_listener_is_never_rate_limited_by_the_defaults()
    {
        var (_, spaceId) = await Api.LiveSpaceAsync();
        var listener = await Api.ListenerAsync(spaceId);

        // Five hand toggles, a few room hops and reconnects in quick succession.
        for (var i = 0; i < 5; i++)
        {
            await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener.Token), HttpStatusCode.NoContent);
            await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Delete, $"/v1/spaces/{spaceId}/hand", listener.Token), HttpStatusCode.NoContent);
        }

        for (var i = 0; i < 8; i++)
        {
            await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/leave", listener.Token), HttpStatusCode.NoContent);
            await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", listener.Token), HttpStatusCode.OK);
        }

        for (var i = 0; i < 5; i++)
        {
            using var socket = await Api.ConnectAsync(listener.Token);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_host_may_open_a_few_Spaces_in_a_row()
    {
        var hostUser = await Api.UserAsync("host", followers: 600);

        for (var i = 0; i < 5; i++)
        {
            var created = await Api.SendAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token, new System.Text.Json.Nodes.JsonObject { ["title"] = $"Session {i}" });
            var id = (await Api.ExpectAsync(created, HttpStatusCode.Created))["id"]!.GetValue<string>();
            await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", hostUser.Token), HttpStatusCode.OK);
        }
    }
}
