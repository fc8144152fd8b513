using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>The "limited number of creators" rollout: with the allow-list on, followers alone do not make a ticketed host.</summary>
public sealed class TicketAllowListApiTests(TicketAllowListGatewayHost host) : IClassFixture<TicketAllowListGatewayHost>
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task Only_allow_listed_creators_with_enough_followers_may_create_ticketed_Spaces()
    {
        var popular = await _api.UserAsync("host", followers: 5000);
        var allowed = new User(TicketAllowListGatewayHost.AllowListedHost, await _api.TokenAsync(TicketAllowListGatewayHost.AllowListedHost));
        var admin = await _api.TokenAsync(Api.NewUserId("admin"), admin: true);
        await Api.ExpectAsync(
            await _api.SendAsync(HttpMethod.Put, $"/v1/admin/users/{allowed.Id}/followers", admin, new JsonObject { ["count"] = 1000 }), HttpStatusCode.OK);

        var refusal = await Api.ExpectProblemAsync(await _api.CreateSpaceAsync(popular, Body()), HttpStatusCode.Forbidden, "not_eligible_to_host_ticketed");

        Assert.Contains("TicketedHostAllowList", refusal["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False((await _api.ProfileAsync(popular.Id, popular))["can_host_ticketed"]!.GetValue<bool>());
        await Api.ExpectAsync(await _api.CreateSpaceAsync(allowed, Body()), HttpStatusCode.Created);
    }

    private static JsonObject Body() => new() { ["title"] = "Paid", ["ticket"] = TicketsClient.TicketTerms() };
}
