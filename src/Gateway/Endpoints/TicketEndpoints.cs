using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Endpoints;

/// <summary>The ticket routes of product.md: buying, the host's buyers and earnings, my tickets, refunds.</summary>
internal static class TicketEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>What the host's views of a box office may answer: no such Space, a free Space, not the host.</summary>
    private static readonly string[] BoxOfficeProblems = [.. SharedProblems.SpaceById, ErrorCodes.NotTicketed, ErrorCodes.HostOnly];

    public static void MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        var spaces = app.MapGroup("/v1/spaces").WithTags("Tickets").RequireAuthorization().ProducesProblems(SharedProblems.SignedIn);
        spaces.MapPost("/{id}/tickets", PurchaseAsync).ProducesProblems([
            .. SharedProblems.SpaceById, .. SharedProblems.JsonBody, ErrorCodes.IdempotencyKeyRequired, ErrorCodes.PaymentDeclined,
            ErrorCodes.NotTicketed, ErrorCodes.SpaceEnded, ErrorCodes.SalesEnded, ErrorCodes.HostNeedsNoTicket, ErrorCodes.SoldOut,
            ErrorCodes.TicketAlreadyHeld, ErrorCodes.PurchaseInProgress, ErrorCodes.ReservationExpired]);
        spaces.MapGet("/{id}/buyers", GetBuyersAsync).ProducesProblems([.. BoxOfficeProblems, ErrorCodes.InvalidField]);
        spaces.MapGet("/{id}/earnings", GetEarningsAsync).ProducesProblems(BoxOfficeProblems);

        var tickets = app.MapGroup("/v1").WithTags("Tickets").RequireAuthorization().ProducesProblems(SharedProblems.SignedIn);
        tickets.MapGet("/users/me/tickets", MyTicketsAsync);
        tickets.MapPost("/tickets/{id}/refund", RefundAsync)
            .ProducesProblems(ErrorCodes.InvalidId, ErrorCodes.HostOrAdminOnly, ErrorCodes.TicketNotFound, ErrorCodes.TicketNotRefundable);
    }

    /// <summary>201 with the paid ticket; 202 while the payment waits for the buyer (the ticket carries the client secret).</summary>
    private static async Task<Results<Created<TicketDetails>, Accepted<TicketDetails>>> PurchaseAsync(
        string id,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [FromBody] PurchaseRequest? request,
        ClaimsPrincipal user,
        IGrainFactory grains)
    {
        var spaceId = RouteIds.Space(id);
        if (!TicketIds.IsIdempotencyKey(idempotencyKey))
        {
            throw SpacesException.Invalid(
                IdempotencyKeyHeader, ErrorCodes.IdempotencyKeyRequired,
                $"Send an {IdempotencyKeyHeader} header (1-{TicketIds.MaxIdempotencyKeyLength} printable characters, e.g. a UUID); a retry sends the same one.");
        }

        var buyerId = user.UserId();
        var ticket = await WhenTicketedAsync(grains, spaceId, () =>
            grains.GetGrain<ITicketGrain>(TicketIds.For(spaceId, buyerId, idempotencyKey!)).PurchaseAsync(new TicketPurchase(spaceId, buyerId, request?.PaymentMethod)));
        return ticket.State == TicketState.Pending ? TypedResults.Accepted((string?)null, ticket) : TypedResults.Created((string?)null, ticket);
    }

    private static Task<Ok<BuyersPage>> GetBuyersAsync(string id, long? cursor, int? limit, ClaimsPrincipal user, IGrainFactory grains) =>
        BoxOfficeAsync(grains, id, box => box.GetBuyersAsync(user.UserId(), cursor, limit));

    private static Task<Ok<Earnings>> GetEarningsAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        BoxOfficeAsync(grains, id, box => box.GetEarningsAsync(user.UserId()));

    private static async Task<Ok<ListResponse<TicketDetails>>> MyTicketsAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(new ListResponse<TicketDetails>(await grains.GetGrain<ITicketWalletGrain>(user.UserId()).GetTicketsAsync()));

    private static async Task<Ok<TicketDetails>> RefundAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!TicketIds.IsTicketId(id))
        {
            throw SpacesException.Invalid("id", ErrorCodes.InvalidId, $"\"{id}\" is not a ticket id (32 hex digits).");
        }

        return TypedResults.Ok(await grains.GetGrain<ITicketGrain>(id).RefundAsync(user.UserId(), user.IsInRole(TokenAuthentication.AdminRole)));
    }

    private static async Task<Ok<T>> BoxOfficeAsync<T>(IGrainFactory grains, string id, Func<IBoxOfficeGrain, Task<T>> call)
    {
        var spaceId = RouteIds.Space(id);
        return TypedResults.Ok(await WhenTicketedAsync(grains, spaceId, () => call(grains.GetGrain<IBoxOfficeGrain>(spaceId))));
    }

    /// <summary>A box office that never opened is a free Space, or no Space at all: the latter answers 404.</summary>
    private static async Task<T> WhenTicketedAsync<T>(IGrainFactory grains, string spaceId, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SpacesException e) when (e.Code == ErrorCodes.NotTicketed)
        {
            await grains.GetGrain<ISpaceGrain>(spaceId).GetAsync();
            throw;
        }
    }
}

/// <summary>The optional body of a purchase: a saved payment method at the provider (e.g. Stripe's <c>pm_…</c>).</summary>
public sealed record PurchaseRequest(string? PaymentMethod);
