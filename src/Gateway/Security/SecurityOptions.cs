using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Spaces.Gateway.Security;

/// <summary>Request bounds and exposure settings (configuration section "Security"); docs/security.md lists them.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Largest request body of an API route; the API's JSON bodies are well under a kilobyte.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest webhook body (LiveKit's and the payment provider's are a few KB).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxWebhookBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Longest path and query; a longer one is a 414 problem (Kestrel's own 414 only beyond 4× this).</summary>
    [Range(1024, 65_536)]
    public int MaxRequestTargetBytes { get; set; } = 8 * 1024;

    /// <summary>Largest total of request headers; more is a 431 problem (Kestrel's own 431 only beyond 2× this).</summary>
    [Range(4096, 65_536)]
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>Serves /openapi/v1.json and /scalar; unset, they are on everywhere but in Production.</summary>
    public bool? ApiReferenceEnabled { get; set; }

    /// <summary>WebSockets one user may hold open on one gateway (a few devices and tabs).</summary>
    [Range(1, 1000)]
    public int MaxSocketsPerUser { get; set; } = 8;
}

[OptionsValidator]
internal sealed partial class SecurityOptionsValidator : IValidateOptions<SecurityOptions>;
