using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Grains.Payments;
using Stripe;

namespace Spaces.Grains.Tests.Payments;

/// <summary>The Stripe adapter against canned Stripe answers (an in-process HTTP handler, no network).</summary>
public sealed class StripePaymentProviderTests
{
    private static readonly ChargeRequest Charge = new("ticket-abc", "abc", "space1234567ab", "buyer-1", 500, "USD", "pm_card_visa");

    [Fact]
    public async Task A_charge_creates_and_confirms_one_PaymentIntent_under_the_ticket_idempotency_key()
    {
        var stripe = new CannedStripe(HttpStatusCode.OK, """{"id":"pi_1","object":"payment_intent","status":"succeeded","amount":500,"currency":"usd"}""");

        var result = await Provider(stripe).ChargeAsync(Charge);

        Assert.Equal(new ChargeResult(ChargeStatus.Succeeded, "pi_1"), result);
        var request = Assert.Single(stripe.Requests);
        Assert.Equal("/v1/payment_intents", request.Path);
        Assert.Equal("ticket-abc", request.IdempotencyKey);
        var form = WebUtility.UrlDecode(request.Body);
        Assert.Contains("amount=500", form, StringComparison.Ordinal);
        Assert.Contains("currency=usd", form, StringComparison.Ordinal);
        Assert.Contains("confirm=true", form, StringComparison.Ordinal);
        Assert.Contains("payment_method=pm_card_visa", form, StringComparison.Ordinal);
        Assert.Contains("metadata[ticket_id]=abc", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_needing_the_buyer_is_pending_with_the_client_secret()
    {
        var stripe = new CannedStripe(HttpStatusCode.OK, """{"id":"pi_2","object":"payment_intent","status":"requires_action","client_secret":"pi_2_secret_x"}""");

        Assert.Equal(new ChargeResult(ChargeStatus.Pending, "pi_2", "pi_2_secret_x"), await Provider(stripe).ChargeAsync(Charge));
    }

    [Fact]
    public async Task A_card_error_is_a_decline()
    {
        var stripe = new CannedStripe(
            HttpStatusCode.PaymentRequired,
            """{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds.","payment_intent":{"id":"pi_3","object":"payment_intent","status":"requires_payment_method"}}}""");

        Assert.Equal(new ChargeResult(ChargeStatus.Declined, "pi_3", DeclineReason: "insufficient_funds"), await Provider(stripe).ChargeAsync(Charge));
    }

    [Fact]
    public async Task A_refund_targets_the_PaymentIntent_under_its_own_idempotency_key()
    {
        var stripe = new CannedStripe(HttpStatusCode.OK, """{"id":"re_1","object":"refund","status":"succeeded","amount":500}""");

        await Provider(stripe).RefundAsync("pi_1", "refund-abc");

        var request = Assert.Single(stripe.Requests);
        Assert.Equal(("/v1/refunds", "refund-abc"), (request.Path, request.IdempotencyKey));
        Assert.Contains("payment_intent=pi_1", request.Body, StringComparison.Ordinal);
    }

    private static StripePaymentProvider Provider(CannedStripe stripe) =>
        new(new StripeClient("sk_test_fixed", httpClient: new SystemNetHttpClient(new HttpClient(stripe))), NullLogger<StripePaymentProvider>.Instance);

    private sealed record SentRequest(string Path, string? IdempotencyKey, string Body);

    /// <summary>Answers every request with one canned Stripe response and keeps what was sent.</summary>
    private sealed class CannedStripe(HttpStatusCode status, string json) : HttpMessageHandler
    {
        public List<SentRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new SentRequest(request.RequestUri!.AbsolutePath, request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null, body));
            return new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
