using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Problems;
using Spaces.Gateway.Security;
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
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        // Signed by the sender instead of a bearer token.
        var webhooks = app.MapGroup("/v1/webhooks").WithTags("Webhooks").AllowAnonymous()
            .ProducesProblems(ErrorCodes.InvalidWebhookSignature, ErrorCodes.InvalidField);
        webhooks.MapPost("/livekit", ReceiveLiveKitAsync)
            .WithSummary("LiveKit webhooks: the Authorization JWT must be signed with the API secret and carry the body's sha256.");
        webhooks.MapPost("/payments", ReceivePaymentAsync)
            .WithSummary("Payment provider webhooks: the Stripe-Signature header must sign the body with the endpoint secret.");
    }

    private static async Task<Ok> ReceiveLiveKitAsync(HttpRequest request, WebhookReceiver receiver, IGrainFactory grains)
    {
        var body = await RequestBodyLimit.ReadTextAsync(request);
        WebhookEvent webhook;
        try
        {
            webhook = receiver.Receive(body, request.Headers.Authorization.ToString());
        }
        catch (WebhookVerificationException)
        {
            throw WebhookRejected();
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
        var body = await RequestBodyLimit.ReadTextAsync(request);
        (string TicketId, PaymentUpdate Update)? payment;
        try
        {
            payment = receiver.Receive(body, request.Headers[PaymentWebhookReceiver.SignatureHeader]);
        }
        catch (StripeException)
        {
            throw WebhookRejected();
        }

        if (payment is var (ticketId, update))
        {
            await grains.GetGrain<ITicketGrain>(ticketId).ApplyPaymentUpdateAsync(update);
        }

        // Events about anything but our tickets' payments are acknowledged, so the provider does not resend them.
        return TypedResults.Ok();
    }

    /// <summary>Anonymous callers learn only that the webhook was refused, never why (a missing setting included).</summary>
    private static SpacesException WebhookRejected() =>
        new(ErrorKind.Unauthenticated, ErrorCodes.InvalidWebhookSignature, "The webhook's signature does not verify.");
}
