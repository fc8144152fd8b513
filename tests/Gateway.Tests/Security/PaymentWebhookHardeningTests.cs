using System.Net;
using System.Security.Cryptography;
using System.Text;
using Spaces.Gateway.Tests.Http;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>A correctly signed payment webhook that is not an event is the sender's fault: a 400, not a 500 the provider retries.</summary>
public sealed class PaymentWebhookHardeningTests(TicketsGatewayHost host) : IClassFixture<TicketsGatewayHost>
{
    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":"nope"}""")]
    public async Task A_signed_but_malformed_payment_webhook_is_a_400(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/webhooks/payments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", Sign(body, TicketsGatewayHost.WebhookSecret));

        var response = await host.Api.Http.SendAsync(request);

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid_webhook_payload", "body");
    }

    private static string Sign(string body, string secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")))}";
    }
}
