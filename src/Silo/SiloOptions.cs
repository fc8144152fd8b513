using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Spaces.Silo;

/// <summary>Where grain state, membership and reminders live.</summary>
public enum SpacesStorage
{
    /// <summary>In the silo's memory: lost with the silo (a single dev silo).</summary>
    Memory,

    /// <summary>PostgreSQL through Orleans' ADO.NET providers (schema: deploy/postgresql).</summary>
    PostgreSql,
}

public enum SpacesClustering
{
    /// <summary>One silo on this machine, no membership table.</summary>
    Localhost,

    /// <summary>Membership and the gateway list in the PostgreSQL database (ConnectionStrings:Orleans).</summary>
    AdoNet,
}

public enum SpacesReminders
{
    InMemory,

    /// <summary>Reminders in the PostgreSQL database: they survive every silo stopping.</summary>
    AdoNet,
}

/// <summary>Where this silo listens, which cluster it belongs to, and its providers (configuration section "Silo").</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    /// <summary>The connection string every database-backed provider uses (configuration "ConnectionStrings:Orleans").</summary>
    public const string ConnectionStringName = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "spaces-dev";

    [Required]
    public string ServiceId { get; set; } = "spaces";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Grain state ("spaces" storage). <see cref="SpacesStorage.PostgreSql"/> also makes the defaults below database-backed.</summary>
    public SpacesStorage Storage { get; set; } = SpacesStorage.Memory;

    /// <summary>Membership; defaults to <see cref="SpacesClustering.AdoNet"/> when <see cref="Storage"/> is PostgreSql.</summary>
    public SpacesClustering? Clustering { get; set; }

    /// <summary>Reminders; defaults to <see cref="SpacesReminders.AdoNet"/> when <see cref="Storage"/> is PostgreSql.</summary>
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

    public SpacesClustering EffectiveClustering =>
        Clustering ?? (Storage == SpacesStorage.PostgreSql ? SpacesClustering.AdoNet : SpacesClustering.Localhost);

    public SpacesReminders EffectiveReminders =>
        Reminders ?? (Storage == SpacesStorage.PostgreSql ? SpacesReminders.AdoNet : SpacesReminders.InMemory);

    public bool UsesDatabase =>
        Storage == SpacesStorage.PostgreSql || EffectiveClustering == SpacesClustering.AdoNet || EffectiveReminders == SpacesReminders.AdoNet;

    /// <summary>Binds the "Silo" section and the connection string, and fails naming every bad setting.</summary>
    public static SiloOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SiloOptions>() ?? new SiloOptions();
        options.ConnectionString = configuration.GetConnectionString(ConnectionStringName);
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
