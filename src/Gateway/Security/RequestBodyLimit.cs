using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Security;

/// <summary>
/// Bounds every request body while it is read (Kestrel counts the bytes, with or without Content-Length), before
/// any parsing or signature work: a declared length over the bound is refused at once, a chunked body fails
/// with a 413 as soon as it crosses it. Nothing is buffered beyond the bound.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<SecurityOptions> options)
{
    public const string WebhooksPath = "/v1/webhooks";

    public Task InvokeAsync(HttpContext context)
    {
        var limit = LimitFor(context.Request, options.Value);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return context.Request.ContentLength > limit
            ? ProblemResponses.WriteAsync(context, TooLarge(limit))
            : next(context);
    }

    public static long LimitFor(HttpRequest request, SecurityOptions options) =>
        request.Path.StartsWithSegments(WebhooksPath) ? options.MaxWebhookBodyBytes : options.MaxRequestBodyBytes;

    public static SpacesException TooLarge(long limit) =>
        new(ErrorKind.TooLarge, ErrorCodes.BodyTooLarge, $"The request body is larger than {limit} bytes.", "body");

    /// <summary>Reads a body as text under the bound this middleware set (webhooks verify the exact bytes they got).</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
