using Spaces.Contracts;

namespace Spaces.Gateway.Problems;

/// <summary>
/// The HTTP status each stable error code is answered with, for the API's documentation. Each code belongs to one
/// rule and so to one <see cref="ErrorKind"/>; the framework's own codes (unknown route, wrong method or media type,
/// unexpected failure, HTTP Kestrel refuses) have no kind and are listed by status.
/// </summary>
internal static class ProblemCatalog
{
    private static readonly Dictionary<string, int> Statuses = Build(
        (ErrorKind.Invalid,
        [
            ErrorCodes.InvalidField, ErrorCodes.InvalidJson, ErrorCodes.TitleRequired, ErrorCodes.TitleTooLong, ErrorCodes.InvalidId,
            ErrorCodes.InvalidSchedule, ErrorCodes.InvalidEmoji, ErrorCodes.TooManyIds, ErrorCodes.CannotFollowSelf,
            ErrorCodes.InvalidCurrency, ErrorCodes.IdempotencyKeyRequired, ErrorCodes.InvalidWebhookPayload,
        ]),
        (ErrorKind.Unauthenticated, [ErrorCodes.Unauthenticated, ErrorCodes.InvalidWebhookSignature]),
        (ErrorKind.Forbidden,
        [
            ErrorCodes.NotEligibleToHost, ErrorCodes.NotEligibleToHostTicketed, ErrorCodes.HostOnly, ErrorCodes.ModeratorOnly,
            ErrorCodes.CannotActOnHost, ErrorCodes.OnlySelfUnmute, ErrorCodes.RemovedFromSpace,
            ErrorCodes.ReactionsBlocked, ErrorCodes.AdminOnly, ErrorCodes.TicketRequired, ErrorCodes.HostOrAdminOnly,
            ErrorCodes.ReplayNotPublic,
        ]),
        (ErrorKind.NotFound, [ErrorCodes.UserNotFound, ErrorCodes.SpaceNotFound, ErrorCodes.TicketNotFound, ErrorCodes.ReplayNotFound]),
        (ErrorKind.Conflict,
        [
            ErrorCodes.WrongState, ErrorCodes.SpaceNotLive, ErrorCodes.SpaceEnded, ErrorCodes.NotInSpace, ErrorCodes.NotOnStage,
            ErrorCodes.AlreadyOnStage, ErrorCodes.NoPendingInvitation, ErrorCodes.StageFull,
            ErrorCodes.CohostLimit, ErrorCodes.TooManyFollows, ErrorCodes.NotTicketed, ErrorCodes.HostNeedsNoTicket,
            ErrorCodes.SoldOut, ErrorCodes.SalesEnded, ErrorCodes.TicketAlreadyHeld, ErrorCodes.PurchaseInProgress,
            ErrorCodes.ReservationExpired, ErrorCodes.TicketNotRefundable, ErrorCodes.NotRecorded,
        ]),
        (ErrorKind.RateLimited, [ErrorCodes.ReactionRateLimited, ErrorCodes.RateLimited, ErrorCodes.TooManySockets, ErrorCodes.TooManySubscriptions]),
        (ErrorKind.TooLarge, [ErrorCodes.BodyTooLarge]),
        (ErrorKind.Unavailable, [ErrorCodes.StorageUnavailable, ErrorCodes.ClusterUnavailable]),
        (ErrorKind.PaymentRequired, [ErrorCodes.PaymentDeclined]));

    /// <summary>Every code the API documents, with its status.</summary>
    public static IReadOnlyDictionary<string, int> All => Statuses;

    /// <summary>The status a code is answered with; an unknown code fails at start-up, where routes are mapped.</summary>
    public static int StatusOf(string code) =>
        Statuses.TryGetValue(code, out var status)
            ? status
            : throw new ArgumentException($"\"{code}\" is not a documented error code: add it to {nameof(ErrorCodes)} and {nameof(ProblemCatalog)}.", nameof(code));

    private static Dictionary<string, int> Build(params (ErrorKind Kind, string[] Codes)[] kinds)
    {
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [ErrorCodes.RouteNotFound] = StatusCodes.Status404NotFound,
            [ErrorCodes.MethodNotAllowed] = StatusCodes.Status405MethodNotAllowed,
            [ErrorCodes.UnsupportedMediaType] = StatusCodes.Status415UnsupportedMediaType,
            [ErrorCodes.InternalError] = StatusCodes.Status500InternalServerError,
            [ErrorCodes.BadRequest] = StatusCodes.Status400BadRequest,
            [ErrorCodes.RequestTimeout] = StatusCodes.Status408RequestTimeout,
            [ErrorCodes.UriTooLong] = StatusCodes.Status414UriTooLong,
            [ErrorCodes.HeadersTooLarge] = StatusCodes.Status431RequestHeaderFieldsTooLarge,
        };
        foreach (var (kind, codes) in kinds)
        {
            foreach (var code in codes)
            {
                statuses.Add(code, ProblemResponses.StatusOf(kind));
            }
        }

        return statuses;
    }
}
