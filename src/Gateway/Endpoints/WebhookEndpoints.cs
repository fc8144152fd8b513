using Microsoft.AspNetCore.Http.HttpResults;
using Spaces.Contracts;
using Spaces.Gateway.Problems;
using Spaces.Gateway.Security;
using Spaces.Grains.Payments;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Webhooks;
using Stripe;

namespace Spaces.Gateway.Endpoints;

/// <summary>
/// LiveKit's webhooks, verified, translated to <see cref="MediaEvent"/>s for the room's Space; the payment
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

        if (webhook.Room?.Name is { } room && Ids.IsSpaceId(room) && ToMediaEvent(webhook) is { } mediaEvent)
        {
            await grains.GetGrain<ISpaceGrain>(room).ApplyMediaEventAsync(mediaEvent);
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

    private static MediaEvent? ToMediaEvent(WebhookEvent webhook)
    {
        var userId = webhook.Participant?.Identity;
        var audioTrack = webhook.Track is { } track && (track.Source == TrackSource.Microphone || track.Type == TrackType.Audio) ? track.Sid : null;
        var kind = webhook.Event switch
        {
            WebhookEventNames.ParticipantJoined => MediaEventKind.ParticipantJoined,
            WebhookEventNames.ParticipantLeft => MediaEventKind.ParticipantLeft,
            WebhookEventNames.TrackPublished when audioTrack is not null => MediaEventKind.TrackPublished,
            WebhookEventNames.TrackUnpublished when audioTrack is not null => MediaEventKind.TrackUnpublished,
            WebhookEventNames.RoomFinished => MediaEventKind.RoomFinished,
            _ => (MediaEventKind?)null,
        };
        return kind is { } known ? new MediaEvent(webhook.Id, known, userId, audioTrack) : null;
    }

    /// <summary>Anonymous callers learn only that the webhook was refused, never why (a missing setting included).</summary>
    private static SpacesException WebhookRejected() =>
        new(ErrorKind.Unauthenticated, ErrorCodes.InvalidWebhookSignature, "The webhook's signature does not verify.");
}
