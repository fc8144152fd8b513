using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Spaces.Gateway.Hosting;

public enum GatewayMode
{
    /// <summary>One process: a co-hosted silo with in-memory storage (the default for a newcomer).</summary>
    Embedded,

    /// <summary>An Orleans client of a silo cluster.</summary>
    Client,
}

/// <summary>How this gateway reaches the grains (configuration section "Gateway").</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public GatewayMode Mode { get; set; } = GatewayMode.Embedded;

    /// <summary>The cluster's id; silos and gateways of one deployment share it.</summary>
    [Required]
    public string ClusterId { get; set; } = "spaces-dev";

    [Required]
    public string ServiceId { get; set; } = "spaces";

    /// <summary>Silo-to-silo port of the embedded silo.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port of the embedded silo, or of the local silo a client connects to.</summary>
    [Range(1, 65535)]
    public int SiloGatewayPort { get; set; } = 30000;
}

[OptionsValidator]
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
