using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;
using Spaces.MongoDB;

namespace Spaces.Silo;

/// <summary>Where grain state, membership and reminders live.</summary>
public enum SpacesStorage
{
    /// <summary>In the silo's memory: lost with the silo (a single dev silo).</summary>
    Memory,

    /// <summary>PostgreSQL through Orleans' ADO.NET providers (schema: deploy/postgresql).</summary>
    PostgreSql,

    /// <summary>MongoDB through our own providers (src/Orleans.MongoDB; ConnectionStrings:Mongo).</summary>
    MongoDB,
}

public enum SpacesClustering
{
    /// <summary>One silo on this machine, no membership table.</summary>
    Localhost,

    /// <summary>Membership and the gateway list in the PostgreSQL database (ConnectionStrings:Orleans).</summary>
    AdoNet,

    /// <summary>Membership and the gateway list in MongoDB (ConnectionStrings:Mongo).</summary>
    MongoDB,
}

public enum SpacesReminders
{
    InMemory,

    /// <summary>Reminders in the PostgreSQL database: they survive every silo stopping.</summary>
    AdoNet,

    /// <summary>Reminders in MongoDB (ConnectionStrings:Mongo): they survive every silo stopping.</summary>
    MongoDB,
}

/// <summary>Where this silo listens, which cluster it belongs to, and its providers (configuration section "Silo").</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>Orleans' <c>ClusterMembershipOptions</c> (e.g. <c>Silo:Membership:ProbeTimeout</c>), bound as they are.</summary>
    public const string MembershipSection = "Silo:Membership";

    /// <summary>The analytics stream provider (<c>Spaces.Streams.StreamsOptions</c>, e.g. <c>Silo:Streams:Provider</c>).</summary>
    public const string StreamsSection = "Silo:Streams";

    /// <summary>The connection string every PostgreSQL-backed provider uses (configuration "ConnectionStrings:Orleans").</summary>
    public const string ConnectionStringName = "Orleans";

    /// <summary>
    /// The MongoDB URI every MongoDB-backed provider uses (configuration "ConnectionStrings:Mongo"); its path names the
    /// database (<c>mongodb://host:27017/spaces</c>).
    /// </summary>
    public const string MongoConnectionStringName = "Mongo";

    [Required]
    public string ClusterId { get; set; } = "spaces-dev";

    [Required]
    public string ServiceId { get; set; } = "spaces";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Grain state ("spaces" storage). A database here also makes the defaults below use that database.</summary>
    public SpacesStorage Storage { get; set; } = SpacesStorage.Memory;

    /// <summary>Membership; defaults to the database of <see cref="Storage"/> (AdoNet for PostgreSql, MongoDB for MongoDB).</summary>
    public SpacesClustering? Clustering { get; set; }

    /// <summary>Reminders; defaults to the database of <see cref="Storage"/> (AdoNet for PostgreSql, MongoDB for MongoDB).</summary>
    public SpacesReminders? Reminders { get; set; }

    /// <summary>
    /// The address other silos and clients reach this silo at (AdoNet clustering); unset: the address this host
    /// name resolves to. Silos listen on every interface either way.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Creates or upgrades the PostgreSQL schema (idempotent) before the silo starts.</summary>
    public bool ApplySchema { get; set; }

    /// <summary>Not bound from the section: "ConnectionStrings:Orleans" (env <c>ConnectionStrings__Orleans</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Not bound from the section: "ConnectionStrings:Mongo" (env <c>ConnectionStrings__Mongo</c>).</summary>
    public string? MongoConnectionString { get; set; }

    public SpacesClustering EffectiveClustering => Clustering ?? Storage switch
    {
        SpacesStorage.PostgreSql => SpacesClustering.AdoNet,
        SpacesStorage.MongoDB => SpacesClustering.MongoDB,
        _ => SpacesClustering.Localhost,
    };

    public SpacesReminders EffectiveReminders => Reminders ?? Storage switch
    {
        SpacesStorage.PostgreSql => SpacesReminders.AdoNet,
        SpacesStorage.MongoDB => SpacesReminders.MongoDB,
        _ => SpacesReminders.InMemory,
    };

    /// <summary>Some provider lives in PostgreSQL (ConnectionStrings:Orleans).</summary>
    public bool UsesDatabase =>
        Storage == SpacesStorage.PostgreSql || EffectiveClustering == SpacesClustering.AdoNet || EffectiveReminders == SpacesReminders.AdoNet;

    /// <summary>Some provider lives in MongoDB (ConnectionStrings:Mongo).</summary>
    public bool UsesMongo =>
        Storage == SpacesStorage.MongoDB || EffectiveClustering == SpacesClustering.MongoDB || EffectiveReminders == SpacesReminders.MongoDB;

    /// <summary>Binds the "Silo" section and the connection string, and fails naming every bad setting.</summary>
    public static SiloOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SiloOptions>() ?? new SiloOptions();
        options.ConnectionString = configuration.GetConnectionString(ConnectionStringName);
        options.MongoConnectionString = configuration.GetConnectionString(MongoConnectionStringName);
        var result = new SiloOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Section, typeof(SiloOptions), result.Failures);
        }

        return options;
    }
}

/// <summary>The attribute rules (generated) and the rules between settings.</summary>
[OptionsValidator]
internal sealed partial class SiloAttributeValidator : IValidateOptions<SiloOptions>;

internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        var attributes = new SiloAttributeValidator().Validate(name, options);
        if (attributes.Failed)
        {
            failures.AddRange(attributes.Failures);
        }

        if (options.UsesDatabase && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(
                $"ConnectionStrings:{SiloOptions.ConnectionStringName} is required: Silo:Storage is {options.Storage}, " +
                $"Silo:Clustering is {options.EffectiveClustering}, Silo:Reminders is {options.EffectiveReminders}.");
        }

        if (options.UsesMongo && string.IsNullOrWhiteSpace(options.MongoConnectionString))
        {
            failures.Add(
                $"ConnectionStrings:{SiloOptions.MongoConnectionStringName} is required: Silo:Storage is {options.Storage}, " +
                $"Silo:Clustering is {options.EffectiveClustering}, Silo:Reminders is {options.EffectiveReminders}.");
        }
        else if (options.UsesMongo && MongoConnectionStrings.Problem(options.MongoConnectionString!) is { } problem)
        {
            failures.Add($"ConnectionStrings:{SiloOptions.MongoConnectionStringName} {problem}");
        }

        if (options.ApplySchema && !options.UsesDatabase)
        {
            failures.Add("Silo:ApplySchema needs a database: set Silo:Storage to PostgreSql (or AdoNet clustering or reminders).");
        }

        if (options.AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            failures.Add($"Silo:AdvertisedAddress '{address}' is not an IP address.");
        }

        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add("Silo:SiloPort and Silo:GatewayPort must differ.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
