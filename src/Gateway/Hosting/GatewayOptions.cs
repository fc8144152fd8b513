using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Spaces.MongoDB;

namespace Spaces.Gateway.Hosting;

public enum GatewayMode
{
    /// <summary>One process: a co-hosted silo with in-memory storage (the default for a newcomer).</summary>
    Embedded,

    /// <summary>An Orleans client of a silo cluster.</summary>
    Client,
}

/// <summary>How a gateway in <see cref="GatewayMode.Client"/> mode finds the silos.</summary>
public enum GatewayClustering
{
    /// <summary>The one silo on this machine, at <see cref="GatewayOptions.SiloGatewayPort"/>.</summary>
    Localhost,

    /// <summary>Every active silo of the cluster, from the membership table in PostgreSQL (ConnectionStrings:Orleans).</summary>
    AdoNet,

    /// <summary>Every active silo of the cluster, from the membership document in MongoDB (ConnectionStrings:Mongo).</summary>
    MongoDB,
}

/// <summary>How this gateway reaches the grains (configuration section "Gateway").</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The analytics stream provider (<c>Spaces.Streams.StreamsOptions</c>): the embedded silo's, or in cluster mode the client's, matching the silos.</summary>
    public const string StreamsSection = "Gateway:Streams";

    /// <summary>The membership database's connection string (configuration "ConnectionStrings:Orleans"), shared with the silos.</summary>
    public const string ConnectionStringName = "Orleans";

    /// <summary>The MongoDB URI of the membership (configuration "ConnectionStrings:Mongo"), shared with the silos.</summary>
    public const string MongoConnectionStringName = "Mongo";

    public GatewayMode Mode { get; set; } = GatewayMode.Embedded;

    /// <summary>Client mode: where the silos are listed.</summary>
    public GatewayClustering Clustering { get; set; } = GatewayClustering.Localhost;

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

internal static class GatewayClusteringSettings
{
    /// <summary>The membership database's connection string for AdoNet clustering; fails at start, naming the setting, when it is missing.</summary>
    public static string AdoNetConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(GatewayOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions),
                [$"ConnectionStrings:{GatewayOptions.ConnectionStringName} is required: Gateway:Mode is Client and Gateway:Clustering is AdoNet."]);
        }

        return connectionString;
    }

    /// <summary>The MongoDB URI for MongoDB clustering; fails at start, naming the setting, when it is missing or not a URI with a database.</summary>
    public static string MongoConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(GatewayOptions.MongoConnectionStringName);
        var problem = string.IsNullOrWhiteSpace(connectionString)
            ? "is required: Gateway:Mode is Client and Gateway:Clustering is MongoDB."
            : MongoConnectionStrings.Problem(connectionString);
        if (problem is not null)
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions),
                [$"ConnectionStrings:{GatewayOptions.MongoConnectionStringName} {problem}"]);
        }

        return connectionString!;
    }
}
