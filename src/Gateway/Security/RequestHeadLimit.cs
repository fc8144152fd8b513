using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Security;

/// <summary>
/// The app's bounds on the request line and headers, under Kestrel's own (see KestrelRejections): a
/// long URL is a 414 and oversized headers a 431, both problem+json with a stable code.
/// </summary>
internal sealed class RequestHeadLimit(RequestDelegate next, IOptions<SecurityOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limits = options.Value;
        var request = context.Request;
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) > limits.MaxRequestTargetBytes)
        {
            return Refuse(context, StatusCodes.Status414UriTooLong, ErrorCodes.UriTooLong, $"The path and query are longer than {limits.MaxRequestTargetBytes} bytes.");
        }

        var headerBytes = request.Headers.Sum(header => header.Key.Length + header.Value.Sum(value => value?.Length ?? 0) + 4);
        return headerBytes > limits.MaxRequestHeadersBytes
            ? Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, ErrorCodes.HeadersTooLarge, $"The request headers total more than {limits.MaxRequestHeadersBytes} bytes.")
            : next(context);
    }

    private static Task Refuse(HttpContext context, int status, string code, string detail) =>
        ProblemResponses.WriteStatusAsync(context, status, code, detail);
}
