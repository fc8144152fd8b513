using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Spaces.ClusterClient;

namespace Spaces.Gateway.Hosting;

public enum GatewayMode
{
    /// <summary>One process: a co-hosted silo with in-memory storage (the default for a newcomer).</summary>
    Embedded,

    /// <summary>An Orleans client of a silo cluster.</summary>
    Client,
}

/// <summary>How this gateway reaches the grains (configuration section "Gateway"); the clustering settings are shared with every cluster client.</summary>
public sealed class GatewayOptions : ClusterClientOptions
{
    public GatewayMode Mode { get; set; } = GatewayMode.Embedded;

    /// <summary>Silo-to-silo port of the embedded silo.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;
}

[OptionsValidator]
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
