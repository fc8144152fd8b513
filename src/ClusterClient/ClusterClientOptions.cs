using System.ComponentModel.DataAnnotations;

namespace Spaces.ClusterClient;

/// <summary>How an Orleans client finds the silos (named for the gateway, its first user; tools/Analytics reads the same settings).</summary>
public enum GatewayClustering
{
    /// <summary>The one silo on this machine, at <see cref="ClusterClientOptions.SiloGatewayPort"/>.</summary>
    Localhost,

    /// <summary>Every active silo of the cluster, from the membership table in PostgreSQL (ConnectionStrings:Orleans).</summary>
    AdoNet,

    /// <summary>Every active silo of the cluster, from the membership document in MongoDB (ConnectionStrings:Mongo).</summary>
    MongoDB,
}

/// <summary>The settings an Orleans client of the Spaces cluster connects with (configuration section "Gateway").</summary>
public class ClusterClientOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// The analytics stream provider (<c>Spaces.Streams.StreamsOptions</c>): a gateway's embedded silo's, or a
    /// client's, matching the silos'.
    /// </summary>
    public const string StreamsSection = "Gateway:Streams";

    /// <summary>The membership database's connection string (configuration "ConnectionStrings:Orleans"), shared with the silos.</summary>
    public const string ConnectionStringName = "Orleans";

    /// <summary>The MongoDB URI of the membership (configuration "ConnectionStrings:Mongo"), shared with the silos.</summary>
    public const string MongoConnectionStringName = "Mongo";

    /// <summary>Where the silos are listed.</summary>
    public GatewayClustering Clustering { get; set; } = GatewayClustering.Localhost;

    /// <summary>The cluster's id; silos and clients of one deployment share it.</summary>
    [Required]
    public string ClusterId { get; set; } = "spaces-dev";

    [Required]
    public string ServiceId { get; set; } = "spaces";

    /// <summary>Client gateway port of the embedded silo, or of the local silo a client connects to.</summary>
    [Range(1, 65535)]
    public int SiloGatewayPort { get; set; } = 30000;
}
