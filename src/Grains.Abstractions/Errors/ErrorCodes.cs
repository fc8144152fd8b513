namespace Spaces.Contracts;

/// <summary>The stable error codes, one per rule, shared by grains, gateway and clients.</summary>
public static class ErrorCodes
{
    public const string InvalidField = "invalid_field";
    public const string InvalidJson = "invalid_json";
    public const string TitleRequired = "title_required";
    public const string TitleTooLong = "title_too_long";
    public const string InvalidId = "invalid_id";
    public const string InvalidSchedule = "invalid_schedule";
    public const string InvalidEmoji = "invalid_emoji";
    public const string TooManyIds = "too_many_ids";
    public const string CannotFollowSelf = "cannot_follow_self";

    public const string Unauthenticated = "unauthenticated";
    public const string InvalidWebhookSignature = "invalid_webhook_signature";

    public const string NotEligibleToHost = "not_eligible_to_host";
    public const string NotEligibleToHostTicketed = "not_eligible_to_host_ticketed";
    public const string HostOnly = "host_only";
    public const string ModeratorOnly = "host_or_cohost_only";
    public const string CannotActOnHost = "cannot_act_on_host";
    public const string OnlySelfUnmute = "only_self_can_unmute";
    public const string RemovedFromSpace = "removed_from_space";
    public const string ReactionsBlocked = "reactions_blocked";
    public const string AdminOnly = "admin_only";

    public const string UserNotFound = "user_not_found";
    public const string SpaceNotFound = "space_not_found";

    public const string WrongState = "wrong_state";
    public const string SpaceNotLive = "space_not_live";
    public const string SpaceEnded = "space_ended";
    public const string NotInSpace = "not_in_space";
    public const string NotOnStage = "not_on_stage";
    public const string AlreadyOnStage = "already_on_stage";
    public const string NoPendingInvitation = "no_pending_invitation";
    public const string StageFull = "stage_full";
    public const string CohostLimit = "cohost_limit_reached";
    public const string TooManyFollows = "following_limit_reached";

    public const string ReactionRateLimited = "reaction_rate_limited";

    public const string InvalidCurrency = "invalid_currency";
    public const string IdempotencyKeyRequired = "idempotency_key_required";
    public const string TicketRequired = "ticket_required";
    public const string HostOrAdminOnly = "host_or_admin_only";
    public const string TicketNotFound = "ticket_not_found";
    public const string NotTicketed = "space_not_ticketed";
    public const string HostNeedsNoTicket = "host_needs_no_ticket";
    public const string SoldOut = "sold_out";
    public const string SalesEnded = "sales_ended";
    public const string TicketAlreadyHeld = "ticket_already_held";
    public const string PurchaseInProgress = "purchase_in_progress";
    public const string ReservationExpired = "reservation_expired";
    public const string TicketNotRefundable = "ticket_not_refundable";
    public const string PaymentDeclined = "payment_declined";

    public const string NotRecorded = "not_recorded";
    public const string ReplayNotFound = "replay_not_found";
    public const string ReplayNotPublic = "replay_not_public";

    public const string RouteNotFound = "route_not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InternalError = "internal_error";
    public const string StorageUnavailable = "storage_unavailable";
    public const string ClusterUnavailable = "cluster_unavailable";

    public const string BodyTooLarge = "body_too_large";
    public const string UriTooLong = "uri_too_long";
    public const string HeadersTooLarge = "headers_too_large";
    public const string RateLimited = "rate_limited";
    public const string TooManySockets = "too_many_sockets";
    public const string InvalidWebhookPayload = "invalid_webhook_payload";
    public const string TooManySubscriptions = "too_many_subscriptions";
    public const string RequestTimeout = "request_timeout";
    public const string BadRequest = "bad_request";
}
