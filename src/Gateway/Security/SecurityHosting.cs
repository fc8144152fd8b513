using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Spaces.Gateway.Realtime;

namespace Spaces.Gateway.Security;

/// <summary>Registers the gateway's hardening: body bounds, security headers, per-user limits, and where the API reference shows.</summary>
internal static class SecurityHosting
{
    public static void AddSpacesSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<SocketQuota>();
        UserRateLimits.AddUserRateLimits(services, builder.Configuration);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SecurityOptions>>((kestrel, security) =>
        {
            // The backstop for requests no route claims; RequestBodyLimit narrows it per request.
            kestrel.Limits.MaxRequestBodySize = Math.Max(security.Value.MaxRequestBodyBytes, security.Value.MaxWebhookBodyBytes);
            kestrel.AddServerHeader = false;
            // Give the app room to answer with its own problem first; beyond these, KestrelRejections supplies one.
            kestrel.Limits.MaxRequestLineSize = 4 * security.Value.MaxRequestTargetBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * security.Value.MaxRequestHeadersBytes;
            kestrel.AddProblemBodiesToKestrelRejections();
        });
    }

    /// <summary>First in the pipeline, so every response — errors included — carries the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();

    /// <summary>After the exception handler (a body that crosses its bound mid-read becomes a 413 problem there).</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestHeadLimit>().UseMiddleware<RequestBodyLimit>();

    /// <summary>The OpenAPI document and its reference page: on outside Production unless configured otherwise.</summary>
    public static void MapApiReference(this WebApplication app)
    {
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.ApiReferenceEnabled ?? !app.Environment.IsProduction())
        {
            app.MapOpenApi();
            app.MapScalarApiReference();
        }
    }
}
