namespace Spaces.Contracts;

/// <summary>The class of a failure; the gateway maps each kind to one HTTP status.</summary>
[GenerateSerializer]
public enum ErrorKind
{
    Invalid,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,

    /// <summary>The payment provider refused the charge (HTTP 402).</summary>
    PaymentRequired,

    /// <summary>A dependency (storage) failed; nothing changed and the call may be retried (HTTP 503).</summary>
    Unavailable,

    /// <summary>The request is larger than its bound (HTTP 413).</summary>
    TooLarge,
}

/// <summary>
/// A rule said no. <see cref="Code"/> is stable (clients switch on it); <see cref="Field"/> names the
/// offending input for <see cref="ErrorKind.Invalid"/>. Thrown by grains and carried across grain calls.
/// </summary>
[GenerateSerializer, Alias("spaces.error")]
public sealed class SpacesException : Exception
{
    public SpacesException(ErrorKind kind, string code, string message, string? field = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Field = field;
        RetryAfter = retryAfter;
    }

    [Id(0)] public ErrorKind Kind { get; private set; }
    [Id(1)] public string Code { get; private set; }
    [Id(2)] public string? Field { get; private set; }
    [Id(3)] public TimeSpan? RetryAfter { get; private set; }

    public static SpacesException Invalid(string field, string code, string message) => new(ErrorKind.Invalid, code, message, field);
    public static SpacesException Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);
    public static SpacesException NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);
    public static SpacesException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
    public static SpacesException PaymentRequired(string code, string message) => new(ErrorKind.PaymentRequired, code, message);
    public static SpacesException Unavailable(string code, string message) => new(ErrorKind.Unavailable, code, message, retryAfter: TimeSpan.FromSeconds(1));
}
