namespace Spaces.LiveKit.Tokens;

public enum AccessTokenFailure
{
    /// <summary>Not a compact HS256 JWT, or its payload is not valid claims JSON.</summary>
    Malformed,
    BadSignature,
    Expired,
    NotYetValid,
    /// <summary>Issued for a different API key.</summary>
    WrongIssuer,
}

/// <summary>A token was rejected; <see cref="Failure"/> says why.</summary>
public sealed class AccessTokenException : Exception
{
    public AccessTokenException(AccessTokenFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    public AccessTokenFailure Failure { get; }
}
