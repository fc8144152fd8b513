using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>product.md "Discovery" and "Set reminder" over HTTP: routes, shapes and refusals (ranking is proven at the grain level).</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class DiscoveryAndRemindersApiTests(GatewayHost host)
{
    private readonly Api _api = host.Api;
    private readonly string _topic = $"t{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Live_and_upcoming_list_Spaces_by_topic_with_a_cursor_page()
    {
        var viewer = await _api.UserAsync();
        var live = await CreateAsync(title: "Live now");
        var upcoming = await CreateAsync(title: "Later today", start: DateTimeOffset.UtcNow.AddHours(3));

        var livePage = await Eventually(() => _api.GetAsync($"/v1/spaces/live?topic={_topic}", viewer), p => p["data"]!.AsArray().Count == 1);
        Assert.Equal(live, livePage["data"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("live", livePage["data"]![0]!["state"]!.GetValue<string>());
        Assert.Null(livePage["next_cursor"]);
        var upcomingPage = await Eventually(() => _api.GetAsync($"/v1/spaces/upcoming?topic={_topic}&limit=5", viewer), p => p["data"]!.AsArray().Count == 1);
        Assert.Equal(upcoming, upcomingPage["data"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Following_lists_Spaces_of_followed_hosts()
    {
        var fan = await _api.UserAsync("fan");
        var (followed, spaceId) = await _api.LiveSpaceAsync("Followed");
        await _api.DoAsync(HttpMethod.Put, $"/v1/users/{followed.Id}/follow", fan);

        var page = await Eventually(() => _api.GetAsync("/v1/spaces/following", fan), p => p["data"]!.AsArray().Count == 1);

        Assert.Equal(spaceId, page["data"]![0]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/v1/spaces/live?limit=0", "limit")]
    [InlineData("/v1/spaces/live?limit=many", "limit")]
    [InlineData("/v1/spaces/upcoming?cursor=nonsense", "cursor")]
    [InlineData("/v1/spaces/following?limit=100000", "limit")]
    public async Task Bad_paging_is_400_naming_the_field(string path, string field)
    {
        var viewer = await _api.UserAsync();
        await _api.FailAsync(HttpMethod.Get, path, viewer, HttpStatusCode.BadRequest, "invalid_field", field);
    }

    [Fact]
    public async Task Setting_a_reminder_counts_the_subscriber_once_and_deleting_it_takes_it_back()
    {
        var (_, spaceId, _) = await _api.ScheduledSpaceAsync();
        var fan = await _api.UserAsync("fan");

        Assert.Equal(1, (await _api.CallAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/reminder", fan, HttpStatusCode.OK))["subscriber_count"]!.GetValue<int>());
        Assert.Equal(1, (await _api.CallAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/reminder", fan, HttpStatusCode.OK))["subscriber_count"]!.GetValue<int>());
        Assert.Equal(0, (await _api.CallAsync(HttpMethod.Delete, $"/v1/spaces/{spaceId}/reminder", fan, HttpStatusCode.OK))["subscriber_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_reminder_for_a_live_Space_is_409_and_for_an_unknown_one_404()
    {
        var (_, spaceId) = await _api.LiveSpaceAsync();
        var fan = await _api.UserAsync("fan");

        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/reminder", fan, HttpStatusCode.Conflict, "wrong_state");
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{UnknownSpaceId}/reminder", fan, HttpStatusCode.NotFound, "space_not_found");
    }

    private async Task<string> CreateAsync(string title, DateTimeOffset? start = null)
    {
        var hostUser = await _api.UserAsync("host", followers: 600);
        var body = new JsonObject { ["title"] = title, ["topic_ids"] = new JsonArray(_topic) };
        if (start is { } at)
        {
            body["scheduled_start"] = at.ToString("O");
        }

        return (await Api.ExpectAsync(await _api.CreateSpaceAsync(hostUser, body), HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    /// <summary>Discovery lags by design (one-way listing pushes): poll, bounded.</summary>
    private static async Task<JsonNode> Eventually(Func<Task<JsonNode>> read, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var page = await read();
            if (done(page) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(page), $"discovery did not converge: {page.ToJsonString()}");
                return page;
            }

            await Task.Delay(25);
        }
    }
}
