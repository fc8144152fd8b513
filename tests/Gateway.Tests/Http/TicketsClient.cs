using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>The ticket calls a client app makes: a ticketed Space, a purchase under an Idempotency-Key, a holder.</summary>
internal static class TicketsClient
{
    public static JsonObject TicketTerms(long price = 500, string currency = "USD", int capacity = 10) =>
        new() { ["price"] = price, ["currency"] = currency, ["capacity"] = capacity };

    /// <summary>A host with 1000 followers (the ticketed threshold) and their live ticketed Space.</summary>
    public static async Task<(User Host, string SpaceId, JsonNode Space)> TicketedSpaceAsync(this Api api, JsonObject? ticket = null, string? scheduledStart = null)
    {
        var host = await api.UserAsync("host", followers: 1000);
        var body = new JsonObject { ["title"] = "Paid", ["ticket"] = ticket ?? TicketTerms() };
        if (scheduledStart is not null)
        {
            body["scheduled_start"] = scheduledStart;
        }

        var space = await Api.ExpectAsync(await api.CreateSpaceAsync(host, body), HttpStatusCode.Created);
        return (host, space["id"]!.GetValue<string>(), space);
    }

    public static async Task<HttpResponseMessage> BuyAsync(this Api api, string spaceId, User buyer, string? idempotencyKey, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/spaces/{spaceId}/tickets");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", buyer.Token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        return await api.Http.SendAsync(request);
    }

    /// <summary>A new user who bought a ticket (201, paid).</summary>
    public static async Task<(User Buyer, JsonNode Ticket)> HolderAsync(this Api api, string spaceId, string prefix = "buyer")
    {
        var buyer = await api.UserAsync(prefix);
        var ticket = await Api.ExpectAsync(await api.BuyAsync(spaceId, buyer, Guid.NewGuid().ToString()), HttpStatusCode.Created);
        Assert.Equal("paid", ticket["state"]!.GetValue<string>());
        return (buyer, ticket);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (for what happens after a one-way call).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            Assert.False(patience.IsCancellationRequested, $"Still not true after 10 s: {what}");
            await Task.Delay(25, CancellationToken.None);
        }
    }
}
