using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>
/// The calls a client app makes again and again (one Space, its participants, a speaker on stage), so each
/// test reads as the rule it checks. Everything goes through <see cref="Api"/>: HTTP and raw JSON only.
/// </summary>
internal static class SpacesClient
{
    /// <summary>Well-formed (13 letters and digits) but never created: Space ids are random.</summary>
    public const string UnknownSpaceId = "zzzzNoSuch000";

    /// <summary>Sends a request and asserts its status; returns the JSON body (empty object when there is none).</summary>
    public static async Task<JsonNode> CallAsync(
        this Api api, HttpMethod method, string path, User? user, HttpStatusCode expected, JsonNode? body = null) =>
        await Api.ExpectAsync(await api.SendAsync(method, path, user?.Token, body), expected);

    /// <summary>Sends a request and asserts the problem+json answer: status, stable code and (when given) field.</summary>
    public static async Task<JsonNode> FailAsync(
        this Api api, HttpMethod method, string path, User? user, HttpStatusCode status, string code, string? field = null, JsonNode? body = null) =>
        await Api.ExpectProblemAsync(await api.SendAsync(method, path, user?.Token, body), status, code, field);

    public static Task<JsonNode> GetAsync(this Api api, string path, User user) => api.CallAsync(HttpMethod.Get, path, user, HttpStatusCode.OK);

    /// <summary>A call that answers 204 No Content (most Space actions).</summary>
    public static Task<JsonNode> DoAsync(this Api api, HttpMethod method, string path, User user) =>
        api.CallAsync(method, path, user, HttpStatusCode.NoContent);

    public static Task<JsonNode> SpaceAsync(this Api api, string spaceId, User user) => api.GetAsync($"/v1/spaces/{spaceId}", user);

    public static Task<JsonNode> ProfileAsync(this Api api, string userId, User viewer) => api.GetAsync($"/v1/users/{userId}", viewer);

    public static Task<JsonNode> ParticipantsAsync(this Api api, string spaceId, User user, string query = "") =>
        api.GetAsync($"/v1/spaces/{spaceId}/participants{query}", user);

    /// <summary>The ids of the Spaces <paramref name="creatorId"/> created, newest first.</summary>
    public static async Task<string[]> CreatedSpaceIdsAsync(this Api api, string creatorId, User viewer) =>
        Strings((await api.GetAsync($"/v1/users/{creatorId}/spaces", viewer))["data"], "id");

    public static Task<HttpResponseMessage> CreateSpaceAsync(this Api api, User host, JsonNode body) =>
        api.SendAsync(HttpMethod.Post, "/v1/spaces", host.Token, body);

    /// <summary>A host eligible to host and their Space scheduled <paramref name="ahead"/> from now (2 hours by default).</summary>
    public static async Task<(User Host, string SpaceId, JsonNode Space)> ScheduledSpaceAsync(this Api api, TimeSpan? ahead = null)
    {
        var host = await api.UserAsync("host", followers: 600);
        var body = new JsonObject { ["title"] = "Scheduled", ["scheduled_start"] = Timestamp(DateTimeOffset.UtcNow + (ahead ?? TimeSpan.FromHours(2))) };
        var space = await Api.ExpectAsync(await api.CreateSpaceAsync(host, body), HttpStatusCode.Created);
        return (host, space["id"]!.GetValue<string>(), space);
    }

    /// <summary>A listener of the Space whose hand is up.</summary>
    public static async Task<User> RaisedHandAsync(this Api api, string spaceId, string prefix = "hand")
    {
        var listener = await api.ListenerAsync(spaceId, prefix);
        await api.DoAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener);
        return listener;
    }

    /// <summary>Asks for the stage for <paramref name="userId"/>: accepts their raised hand, or invites them.</summary>
    public static Task<HttpResponseMessage> AddSpeakerAsync(this Api api, string spaceId, User moderator, string userId) =>
        api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/speakers/{userId}", moderator.Token);

    /// <summary>A listener who raised a hand and was accepted by <paramref name="moderator"/>: a speaker now.</summary>
    public static async Task<User> SpeakerAsync(this Api api, string spaceId, User moderator)
    {
        var speaker = await api.RaisedHandAsync(spaceId, "speaker");
        var accepted = await Api.ExpectAsync(await api.AddSpeakerAsync(spaceId, moderator, speaker.Id), HttpStatusCode.OK);
        Assert.Equal("hand_accepted", accepted["result"]?.GetValue<string>());
        return speaker;
    }

    /// <summary>Fills the stage with <paramref name="count"/> speakers at once.</summary>
    public static async Task<User[]> SpeakersAsync(this Api api, string spaceId, User moderator, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => api.SpeakerAsync(spaceId, moderator)));

    /// <summary>A listener the host made a co-host.</summary>
    public static async Task<User> CohostAsync(this Api api, string spaceId, User host)
    {
        var cohost = await api.ListenerAsync(spaceId, "cohost");
        await api.DoAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/cohosts/{cohost.Id}", host);
        return cohost;
    }

    /// <summary>The user ids on stage, in stage order (host, co-hosts, speakers).</summary>
    public static string[] StageIds(JsonNode participants) => Strings(participants["stage"], "user_id");

    public static string[] HandIds(JsonNode participants) => Strings(participants["hands"], "user_id");

    /// <summary>One stage entry: {user_id, role, muted, present}.</summary>
    public static JsonNode StageMember(JsonNode participants, string userId) =>
        Assert.Single(participants["stage"]!.AsArray(), member => member!["user_id"]!.GetValue<string>() == userId)!;

    /// <summary>A JSON array of strings, or of objects whose <paramref name="property"/> is a string.</summary>
    public static string[] Strings(JsonNode? array, string? property = null) =>
        [.. array!.AsArray().Select(item => (property is null ? item : item![property])!.GetValue<string>())];

    public static string[] Keys(JsonNode node) => [.. node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>A timestamp as a client sends it: ISO 8601, UTC, whole seconds.</summary>
    public static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
