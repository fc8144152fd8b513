using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Grains.Media;
using Spaces.Grains.Payments;
using Spaces.LiveKit.Webhooks;
using Stripe;

namespace Spaces.Gateway.Endpoints;

/// <summary>
/// LiveKit's webhooks, verified, and handed to the Space they concern (<see cref="MediaWebhooks"/> translates them); the payment
/// provider's, verified, translated to <see cref="PaymentUpdate"/>s for the ticket they paid for.
/// </summary>
internal static class WebhookEndpoints
{
    /// <summary>LiveKit's webhook bodies are a few KB; anything far larger is not one.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/webhooks/livekit", ReceiveLiveKitAsync).AllowAnonymous().WithTags("Webhooks")
            .WithSummary("LiveKit webhooks: the Authorization JWT must be signed with the API secret and carry the body's sha256.");
        app.MapPost("/v1/webhooks/payments", ReceivePaymentAsync).AllowAnonymous().WithTags("Webhooks")
            .WithSummary("Payment provider webhooks: the Stripe-Signature header must sign the body with the endpoint secret.");
    }

    private static async Task<Ok> ReceiveLiveKitAsync(HttpRequest request, WebhookReceiver receiver, IGrainFactory grains)
    {
        var body = await ReadBodyAsync(request);
        WebhookEvent webhook;
        try
        {
            webhook = receiver.Receive(body, request.Headers.Authorization.ToString());
        }
        catch (WebhookVerificationException e)
        {
            throw new SpacesException(ErrorKind.Unauthenticated, ErrorCodes.InvalidWebhookSignature, $"The webhook is not from our LiveKit: {e.Message}");
        }

        if (MediaWebhooks.Translate(webhook) is var (spaceId, mediaEvent))
        {
            await grains.GetGrain<ISpaceGrain>(spaceId).ApplyMediaEventAsync(mediaEvent);
        }

        // Rooms that are not Spaces and events we do not use are acknowledged, so LiveKit does not resend them.
        return TypedResults.Ok();
    }

    private static async Task<Ok> ReceivePaymentAsync(HttpRequest request, PaymentWebhookReceiver receiver, IGrainFactory grains)
    {
        var body = await ReadBodyAsync(request);
        (string TicketId, PaymentUpdate Update)? payment;
        try
        {
            payment = receiver.Receive(body, request.Headers[PaymentWebhookReceiver.SignatureHeader]);
        }
        catch (StripeException e)
        {
            throw new SpacesException(ErrorKind.Unauthenticated, ErrorCodes.InvalidWebhookSignature, $"The webhook is not from our payment provider: {e.Message}");
        }

        if (payment is var (ticketId, update))
        {
            await grains.GetGrain<ITicketGrain>(ticketId).ApplyPaymentUpdateAsync(update);
        }

        // Events about anything but our tickets' payments are acknowledged, so the provider does not resend them.
        return TypedResults.Ok();
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw BodyTooLarge();
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return body.Length <= MaxBodyBytes ? body : throw BodyTooLarge();
    }

    private static SpacesException BodyTooLarge() =>
        SpacesException.Invalid("body", ErrorCodes.InvalidField, $"A webhook body is at most {MaxBodyBytes} bytes.");
}
