using System.Net;
using System.Net.WebSockets;
using Spaces.Gateway.Tests.Http;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>A token's <c>sub</c> must be a user id by the same rule as dev tokens; anything else is a 401 before any state changes.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class TokenSubjectTests(GatewayHost host)
{
    public static TheoryData<string> BadSubjects => new() { "", "a/b", new string('x', 10_000), "nul\0", "space in", "é" };

    [Theory]
    [MemberData(nameof(BadSubjects))]
    public async Task A_token_whose_sub_is_not_a_user_id_is_a_401_and_joins_nobody(string sub)
    {
        var (hostUser, spaceId) = await host.Api.LiveSpaceAsync();
        var token = new TestTokens(host).Sign(new TestTokens(host).Claims(sub));
        var before = await Api.ExpectAsync(await host.Api.SendAsync(HttpMethod.Get, $"/v1/spaces/{spaceId}/participants", hostUser.Token), HttpStatusCode.OK);

        var join = await host.Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", token);

        var problem = await Api.ExpectProblemAsync(join, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("sub", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await Api.ExpectAsync(await host.Api.SendAsync(HttpMethod.Get, $"/v1/spaces/{spaceId}/participants", hostUser.Token), HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task A_token_without_sub_cannot_open_a_socket()
    {
        var token = new TestTokens(host).Sign(new TestTokens(host).Claims(null));

        var error = await Assert.ThrowsAsync<WebSocketException>(() => host.Api.ConnectAsync(token));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }
}
