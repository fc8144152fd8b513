using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.Grains.Payments;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>product.md "Ticketed Spaces" over HTTP: create, buy (Idempotency-Key), join gate, refunds, buyers, earnings, webhooks.</summary>
public sealed class TicketsApiTests(TicketsGatewayHost host) : IClassFixture<TicketsGatewayHost>
{
    private readonly Api _api = host.Api;

    private EmbeddedPaymentProvider Payments => host.Services.GetRequiredService<EmbeddedPaymentProvider>();

    [Fact]
    public async Task A_ticketed_Space_shows_is_ticketed_and_its_ticket()
    {
        var (host1, id, space) = await _api.TicketedSpaceAsync(TicketsClient.TicketTerms(price: 1500, currency: "gbp", capacity: 3));
        await _api.HolderAsync(id);

        Assert.True(space["is_ticketed"]!.GetValue<bool>());
        Assert.Equal("""{"price":1500,"currency":"GBP","capacity":3,"sold":0}""", space["ticket"]!.ToJsonString());
        Assert.Equal("""{"price":1500,"currency":"GBP","capacity":3,"sold":1}""", (await _api.SpaceAsync(id, host1))["ticket"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"price":50,"currency":"USD","capacity":10}""", "ticket.price", "invalid_field")]
    [InlineData("""{"currency":"USD","capacity":10}""", "ticket.price", "invalid_field")]
    [InlineData("""{"price":"five","currency":"USD","capacity":10}""", "ticket.price", "invalid_json")]
    [InlineData("""{"price":500,"currency":"ABC","capacity":10}""", "ticket.currency", "invalid_currency")]
    [InlineData("""{"price":500,"currency":"USD","capacity":0}""", "ticket.capacity", "invalid_field")]
    [InlineData("""{"price":500,"currency":"USD","capacity":10,"sales_end":"2020-01-01T00:00:00Z"}""", "ticket.sales_end", "invalid_field")]
    public async Task Bad_ticket_terms_are_a_400_naming_the_field(string ticket, string field, string code)
    {
        var creator = await _api.UserAsync("host", followers: 1000);

        var response = await _api.SendRawAsync(HttpMethod.Post, "/v1/spaces", creator.Token, $$"""{"title":"Paid","ticket":{{ticket}}}""");

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, code, field);
        Assert.Empty(await _api.CreatedSpaceIdsAsync(creator.Id, creator));
    }

    [Fact]
    public async Task A_purchase_is_201_and_a_retry_with_the_same_key_returns_the_same_ticket_without_a_second_charge()
    {
        var (_, id, _) = await _api.TicketedSpaceAsync();
        var buyer = await _api.UserAsync("buyer");
        var charges = Payments.SucceededCharges;

        var first = await Api.ExpectAsync(await _api.BuyAsync(id, buyer, "key-1"), HttpStatusCode.Created);
        var retry = await Api.ExpectAsync(await _api.BuyAsync(id, buyer, "key-1"), HttpStatusCode.Created);

        Assert.Equal(first.ToJsonString(), retry.ToJsonString());
        Assert.Equal(
            ["buyer_id", "created_at", "currency", "id", "paid_at", "payment_client_secret", "price", "refunded_at", "space_id", "state"],
            Keys(first));
        Assert.Equal((id, buyer.Id, 500, "usd"), (first["space_id"]!.GetValue<string>(), first["buyer_id"]!.GetValue<string>(), first["price"]!.GetValue<int>(), first["currency"]!.GetValue<string>().ToLowerInvariant()));
        Assert.Equal(charges + 1, Payments.SucceededCharges);
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/tickets", null, HttpStatusCode.Unauthorized, "unauthenticated");
        await Api.ExpectProblemAsync(await _api.BuyAsync(id, buyer, "key-2"), HttpStatusCode.Conflict, "ticket_already_held");
        var mine = await _api.GetAsync("/v1/users/me/tickets", buyer);
        Assert.Equal([first["id"]!.GetValue<string>()], Strings(mine["data"], "id"));
    }

    [Fact]
    public async Task Buying_needs_an_Idempotency_Key_a_ticketed_Space_and_seats_left()
    {
        var (_, id, _) = await _api.TicketedSpaceAsync(TicketsClient.TicketTerms(capacity: 1));
        var (_, freeId) = await _api.LiveSpaceAsync();
        var buyer = await _api.UserAsync("buyer");

        await Api.ExpectProblemAsync(await _api.BuyAsync(id, buyer, null), HttpStatusCode.BadRequest, "idempotency_key_required", "Idempotency-Key");
        await Api.ExpectProblemAsync(await _api.BuyAsync(id, buyer, new string('k', 256)), HttpStatusCode.BadRequest, "idempotency_key_required", "Idempotency-Key");
        await Api.ExpectProblemAsync(await _api.BuyAsync(UnknownSpaceId, buyer, "k"), HttpStatusCode.NotFound, "space_not_found");
        await Api.ExpectProblemAsync(await _api.BuyAsync(freeId, buyer, "k"), HttpStatusCode.Conflict, "space_not_ticketed");
        await _api.HolderAsync(id);
        await Api.ExpectProblemAsync(await _api.BuyAsync(id, buyer, "k"), HttpStatusCode.Conflict, "sold_out");
    }

    [Fact]
    public async Task A_declined_card_is_a_402_and_frees_the_seat()
    {
        var (_, id, _) = await _api.TicketedSpaceAsync(TicketsClient.TicketTerms(capacity: 1));
        var declined = new User(TicketsGatewayHost.DeclinedBuyer, await _api.TokenAsync(TicketsGatewayHost.DeclinedBuyer));

        await Api.ExpectProblemAsync(await _api.BuyAsync(id, declined, Guid.NewGuid().ToString()), HttpStatusCode.PaymentRequired, "payment_declined");

        await _api.HolderAsync(id);
    }

    [Fact]
    public async Task Only_holders_join_a_ticketed_Space_and_a_refunded_holder_is_put_out_of_the_room()
    {
        var (host1, id, _) = await _api.TicketedSpaceAsync();
        var stranger = await _api.UserAsync("stranger");
        var (holder, ticket) = await _api.HolderAsync(id);
        var ticketId = ticket["id"]!.GetValue<string>();

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", stranger, HttpStatusCode.Forbidden, "ticket_required");
        var joined = await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", holder, HttpStatusCode.OK);
        Assert.Equal("listener", joined["role"]!.GetValue<string>());
        Assert.NotEmpty(joined["media"]!["token"]!.GetValue<string>());

        await _api.FailAsync(HttpMethod.Post, $"/v1/tickets/{ticketId}/refund", holder, HttpStatusCode.Forbidden, "host_or_admin_only");
        var refunded = await _api.CallAsync(HttpMethod.Post, $"/v1/tickets/{ticketId}/refund", host1, HttpStatusCode.OK);

        Assert.Equal("refunded", refunded["state"]!.GetValue<string>());
        Assert.Equal(0, (await _api.ParticipantsAsync(id, host1))["listener_count"]!.GetValue<int>());
        await TicketsClient.EventuallyAsync(
            () => Task.FromResult(host.LiveKit.Requests.Any(r => r.Path.EndsWith("/RemoveParticipant", StringComparison.Ordinal) && r.Body.Contains(holder.Id, StringComparison.Ordinal))),
            "LiveKit was told to remove the refunded holder");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", holder, HttpStatusCode.Forbidden, "ticket_required");
        Assert.Equal("refunded", (await _api.GetAsync("/v1/users/me/tickets", holder))["data"]![0]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_may_refund_and_bad_or_unknown_ticket_ids_are_400_and_404()
    {
        var (_, id, _) = await _api.TicketedSpaceAsync();
        var (_, ticket) = await _api.HolderAsync(id);
        var admin = new User("ticket-admin", await _api.TokenAsync("ticket-admin", admin: true));

        var refunded = await _api.CallAsync(HttpMethod.Post, $"/v1/tickets/{ticket["id"]}/refund", admin, HttpStatusCode.OK);

        Assert.Equal("refunded", refunded["state"]!.GetValue<string>());
        await _api.FailAsync(HttpMethod.Post, "/v1/tickets/not-a-ticket/refund", admin, HttpStatusCode.BadRequest, "invalid_id", "id");
        await _api.FailAsync(HttpMethod.Post, $"/v1/tickets/{new string('f', 32)}/refund", admin, HttpStatusCode.NotFound, "ticket_not_found");
    }

    [Fact]
    public async Task The_host_sees_buyers_and_earnings_and_nobody_else_does()
    {
        var (host1, id, _) = await _api.TicketedSpaceAsync(TicketsClient.TicketTerms(price: 105));
        var (first, _) = await _api.HolderAsync(id);
        var (second, _) = await _api.HolderAsync(id);

        var page = await _api.GetAsync($"/v1/spaces/{id}/buyers?limit=1", host1);
        var next = await _api.GetAsync($"/v1/spaces/{id}/buyers?limit=1&cursor={page["next_cursor"]}", host1);
        var earnings = await _api.GetAsync($"/v1/spaces/{id}/earnings", host1);

        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal([first.Id], Strings(page["buyers"], "user_id"));
        Assert.Equal([second.Id], Strings(next["buyers"], "user_id"));
        Assert.Null(next["next_cursor"]);
        Assert.Equal(
            $$"""{"space_id":"{{id}}","currency":"USD","gross":210,"fee":22,"net":188,"tickets_sold":2,"tickets_refunded":0}""",
            earnings.ToJsonString());
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{id}/buyers", first, HttpStatusCode.Forbidden, "host_only");
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{id}/earnings", first, HttpStatusCode.Forbidden, "host_only");
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{UnknownSpaceId}/earnings", first, HttpStatusCode.NotFound, "space_not_found");
    }

    [Fact]
    public async Task Canceling_a_ticketed_Space_refunds_every_ticket()
    {
        var (host1, id, _) = await _api.TicketedSpaceAsync(scheduledStart: Timestamp(DateTimeOffset.UtcNow.AddHours(2)));
        var holders = new[] { await _api.HolderAsync(id), await _api.HolderAsync(id) };

        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/cancel", host1, HttpStatusCode.OK);

        foreach (var (buyer, _) in holders)
        {
            await TicketsClient.EventuallyAsync(
                async () => (await _api.GetAsync("/v1/users/me/tickets", buyer))["data"]![0]!["state"]!.GetValue<string>() == "refunded",
                $"{buyer.Id}'s ticket refunded");
        }

        Assert.Equal(0, (await _api.GetAsync($"/v1/spaces/{id}/earnings", host1))["net"]!.GetValue<int>());
        await Api.ExpectProblemAsync(await _api.BuyAsync(id, await _api.UserAsync(), "k"), HttpStatusCode.Conflict, "space_ended");
    }

    [Fact]
    public async Task A_pending_payment_is_202_and_a_signed_provider_webhook_makes_it_paid()
    {
        var (_, id, _) = await _api.TicketedSpaceAsync();
        var pendingBuyer = new User(TicketsGatewayHost.PendingBuyer, await _api.TokenAsync(TicketsGatewayHost.PendingBuyer));
        var key = Guid.NewGuid().ToString();

        var pending = await Api.ExpectAsync(await _api.BuyAsync(id, pendingBuyer, key, new JsonObject { ["payment_method"] = "pm_card_threeDSecure2Required" }), HttpStatusCode.Accepted);
        Assert.Equal("pending", pending["state"]!.GetValue<string>());
        Assert.NotNull(pending["payment_client_secret"]!.GetValue<string>());
        var ticketId = pending["id"]!.GetValue<string>();

        var paymentIntent = new JsonObject { ["id"] = $"pi_embedded_ticket-{ticketId}", ["object"] = "payment_intent", ["metadata"] = new JsonObject { ["ticket_id"] = ticketId } };
        var body = new JsonObject
        {
            ["id"] = "evt_1", ["object"] = "event", ["api_version"] = "2024-06-20", ["created"] = 1700000000, ["type"] = "payment_intent.succeeded",
            ["data"] = new JsonObject { ["object"] = paymentIntent },
        }.ToJsonString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostWebhookAsync(body, Sign(body, "whsec_wrong"))).StatusCode);
        await Api.ExpectProblemAsync(await PostWebhookAsync(body, null), HttpStatusCode.Unauthorized, "invalid_webhook_signature");
        Assert.Equal(HttpStatusCode.OK, (await PostWebhookAsync(body, Sign(body, TicketsGatewayHost.WebhookSecret))).StatusCode);

        var paid = await Api.ExpectAsync(await _api.BuyAsync(id, pendingBuyer, key), HttpStatusCode.Created);
        Assert.Equal((ticketId, "paid"), (paid["id"]!.GetValue<string>(), paid["state"]!.GetValue<string>()));
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", pendingBuyer, HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> PostWebhookAsync(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/webhooks/payments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("Stripe-Signature", signature);
        }

        return await _api.Http.SendAsync(request);
    }

    /// <summary>Stripe's scheme, computed here independently of the server: t=…,v1=hex(HMAC-SHA256(secret, "t.body")).</summary>
    private static string Sign(string body, string secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")))}";
    }
}
