using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Infrastructure.EventClient;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>A gateway whose Spaces coalesce reactions above 5 participants, so a test reaches a large Space with a few joins.</summary>
public sealed class CoalescingGatewayHost() : GatewayHost(new Dictionary<string, string?>
{
    ["Spaces:CoalesceReactionsAbove"] = "5",
});

/// <summary>
/// product.md, "Reactions at scale", over real sockets: a Space above the threshold delivers reactions.coalesced
/// whose counts add up to the reactions sent (on the interval and, for what is pending, before space.ended); a
/// small Space still delivers one reaction event per reaction.
/// </summary>
public sealed class ReactionCoalescingTests(CoalescingGatewayHost host) : IClassFixture<CoalescingGatewayHost>
{
    private static readonly string[] Emojis = ["👏", "💯", "😂"];

    private Api Api => host.Api;

    [Fact]
    public async Task A_large_Space_delivers_coalesced_counts_that_add_up_to_the_reactions_sent()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listeners = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Api.ListenerAsync(spaceId)));
        var clients = await SubscribedClientsAsync(spaceId, [hostUser, .. listeners.Take(3)]);

        // Two reactions per listener, sent at once: whatever intervals they fall in, the counts add up to 12.
        var first = await ReactAsync(spaceId, listeners, perUser: 2);
        var onTheInterval = await Task.WhenAll(clients.Select(c => CoalescedUntilAsync(c, first.Count)));
        // What is still pending when the Space ends goes out before space.ended.
        var last = await ReactAsync(spaceId, listeners, perUser: 1);
        await EndAsync(spaceId, hostUser);
        var atTheEnd = await Task.WhenAll(clients.Select(c => c.EventsUntilAsync(f => Type(f) == "space.ended")));

        foreach (var (coalesced, untilEnd) in onTheInterval.Zip(atTheEnd))
        {
            Assert.Equal(first, CountsOf(coalesced));
            Assert.Equal(last, CountsOf(untilEnd.Where(f => Type(f) == "reactions.coalesced")));
            Assert.DoesNotContain(untilEnd, f => Type(f) == "reaction");
            Assert.All(coalesced, AssertConsistent);
        }

        await DisposeAllAsync(clients);
    }

    [Fact]
    public async Task A_small_Space_still_delivers_one_reaction_event_per_reaction()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var listeners = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Api.ListenerAsync(spaceId)));
        var clients = await SubscribedClientsAsync(spaceId, [hostUser, listeners[0]]);

        var sent = await ReactAsync(spaceId, listeners, perUser: 2);
        await EndAsync(spaceId, hostUser);
        var events = await Task.WhenAll(clients.Select(c => c.EventsUntilAsync(f => Type(f) == "space.ended")));

        foreach (var untilEnd in events)
        {
            var reactions = untilEnd.Where(f => Type(f) == "reaction").ToList();
            Assert.Equal(6, reactions.Count);
            Assert.Equal(sent, reactions.GroupBy(r => r["emoji"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count()));
            Assert.All(reactions, r => Assert.Contains(r["user_id"]!.GetValue<string>(), listeners.Select(l => l.Id)));
            Assert.DoesNotContain(untilEnd, f => Type(f) == "reactions.coalesced");
        }

        await DisposeAllAsync(clients);
    }

    private async Task<EventClient[]> SubscribedClientsAsync(string spaceId, User[] users)
    {
        var clients = await Task.WhenAll(users.Select(u => EventClient.ConnectAsync(Api, u.Token)));
        foreach (var client in clients)
        {
            Assert.Equal("subscribed", Type(await client.SubscribeAsync(spaceId)));
        }

        return clients;
    }

    /// <summary>Every listener sends <paramref name="perUser"/> reactions (within the rate limit's burst), concurrently; returns how many of each emoji.</summary>
    private async Task<Dictionary<string, int>> ReactAsync(string spaceId, User[] listeners, int perUser)
    {
        var reactions = listeners.SelectMany((user, i) => Enumerable.Range(0, perUser).Select(j => (user, emoji: Emojis[(i + j) % Emojis.Length]))).ToList();
        await Task.WhenAll(reactions.Select(async r => await Api.ExpectAsync(
            await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/reactions", r.user.Token, new JsonObject { ["emoji"] = r.emoji }),
            HttpStatusCode.Accepted)));
        return reactions.GroupBy(r => r.emoji).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Takes reactions.coalesced frames until their totals reach <paramref name="total"/> (more would show as a mismatch).</summary>
    private static async Task<List<JsonNode>> CoalescedUntilAsync(EventClient client, int total)
    {
        var coalesced = new List<JsonNode>();
        while (coalesced.Sum(f => f["total"]!.GetValue<int>()) < total)
        {
            coalesced.Add(await client.NextEventAsync("reactions.coalesced"));
        }

        return coalesced;
    }

    private static Dictionary<string, int> CountsOf(IEnumerable<JsonNode> coalesced) =>
        coalesced.SelectMany(f => f["counts"]!.AsArray())
            .GroupBy(c => c!["emoji"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.Sum(c => c!["count"]!.GetValue<int>()));

    private static void AssertConsistent(JsonNode coalesced)
    {
        Assert.Equal(coalesced["total"]!.GetValue<int>(), coalesced["counts"]!.AsArray().Sum(c => c!["count"]!.GetValue<int>()));
        var sample = coalesced["sample"]!.AsArray();
        Assert.InRange(sample.Count, 1, 8);
        Assert.All(sample, s => Assert.NotNull(s!["user_id"]?.GetValue<string>()));
    }

    private async Task EndAsync(string spaceId, User hostUser) =>
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/end", hostUser.Token), HttpStatusCode.OK);

    private static async Task DisposeAllAsync(EventClient[] clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
