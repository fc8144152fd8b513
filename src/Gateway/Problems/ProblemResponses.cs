using System.Text.RegularExpressions;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime.Messaging;
using Spaces.Contracts;

namespace Spaces.Gateway.Problems;

/// <summary>
/// The one place errors become RFC 7807 problem+json: every body carries a stable <c>code</c> and, for bad
/// input, the <c>field</c> at fault.
/// </summary>
internal static partial class ProblemResponses
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.PaymentRequired => StatusCodes.Status402PaymentRequired,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static Task WriteAsync(HttpContext context, ErrorKind kind, string code, string detail, string? field = null) =>
        WriteAsync(context, new SpacesException(kind, code, detail, field));

    public static Task WriteAsync(HttpContext context, SpacesException error)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        }

        return WriteStatusAsync(context, StatusOf(error.Kind), error.Code, error.Message, error.Field);
    }

    /// <summary>A problem for a status no <see cref="ErrorKind"/> stands for (the protocol's own: 414, 431).</summary>
    public static async Task WriteStatusAsync(HttpContext context, int status, string code, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrase(status),
            Detail = detail,
            Type = $"https://spaces.dev/problems/{code}",
            Instance = context.Request.Path,
            Extensions = { ["code"] = code },
        };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>Turns what an endpoint threw into a problem; anything unexpected stays a plain 500.</summary>
    public static async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception)
    {
        var error = AsClusterUnavailable(exception) ?? exception switch
        {
            SpacesException spaces => spaces,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => BodyTooLarge(context),
            BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json),
            BadHttpRequestException bad => InvalidRequest(bad),
            _ => null,
        };
        if (error is null)
        {
            return false;
        }

        await WriteAsync(context, error);
        return true;
    }

    /// <summary>
    /// A grain call that no silo answered (its silo died or restarts, or none takes calls yet) as the 503
    /// <c>cluster_unavailable</c> problem the API and the WebSocket answer with; null for any other failure. Nothing
    /// says such a request failed for good, so the app retries, as it would after a load balancer's 503.
    /// </summary>
    public static SpacesException? AsClusterUnavailable(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException
            ? SpacesException.Unavailable(ErrorCodes.ClusterUnavailable, "The cluster could not answer (a silo stopped or is restarting); try again shortly.")
            : null;

    private static SpacesException BodyTooLarge(HttpContext context) =>
        Spaces.Gateway.Security.RequestBodyLimit.TooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0);

    private static SpacesException InvalidJson(JsonException json)
    {
        var field = JsonPathToField(json.Path);
        var detail = field is null ? "The body is not valid JSON." : $"{field} has the wrong type or is malformed.";
        return SpacesException.Invalid(field ?? "body", ErrorCodes.InvalidJson, detail);
    }

    private static SpacesException InvalidRequest(BadHttpRequestException bad)
    {
        // Minimal APIs name the parameter they could not bind: 'Failed to bind parameter "int? limit" from "x"'.
        var match = BoundParameter().Match(bad.Message);
        var field = match.Success && !bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? match.Groups["name"].Value : "body";
        return SpacesException.Invalid(field, ErrorCodes.InvalidField, bad.Message);
    }

    /// <summary>Gives the framework's own problems (unknown route, wrong method or media type) a stable code too.</summary>
    public static void AddStableCode(ProblemDetailsContext context)
    {
        if (!context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            context.ProblemDetails.Extensions["code"] = CodeOf(context.ProblemDetails.Status ?? StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The stable code of a problem only its status describes.</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status404NotFound => ErrorCodes.RouteNotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status400BadRequest => ErrorCodes.InvalidField,
        StatusCodes.Status408RequestTimeout => ErrorCodes.RequestTimeout,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.BodyTooLarge,
        StatusCodes.Status414UriTooLong => ErrorCodes.UriTooLong,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ErrorCodes.HeadersTooLarge,
        _ => ErrorCodes.InternalError,
    };

    private static string? JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.TrimStart('$', '.');

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex BoundParameter();
}

/// <summary>Plugs <see cref="ProblemResponses"/> into ASP.NET Core's exception handling.</summary>
internal sealed class SpacesExceptionHandler : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        ProblemResponses.TryHandleAsync(httpContext, exception);
}
