namespace Spaces.Gateway.Security;

/// <summary>
/// Every response says its content type is final (no sniffing); API answers are per-user and never cached. Added
/// when the response starts, so error paths that clear headers keep them.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (context.Request.Path.StartsWithSegments("/v1"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
