using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Orleans;

namespace Spaces.MongoDB;

/// <summary>
/// Where a MongoDB provider keeps its documents. The client is either built from <see cref="ConnectionString"/> or,
/// when that is unset, the <see cref="IMongoClient"/> registered in the container (one client per server is the
/// driver's advice).
/// </summary>
public abstract class MongoDBOptions
{
    /// <summary>A <c>mongodb://</c> or <c>mongodb+srv://</c> URI; unset: use the registered <see cref="IMongoClient"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database; unset: the database the connection string names.</summary>
    public string? Database { get; set; }

    /// <summary>Prepended to every collection name, so that several deployments can share a database.</summary>
    public string CollectionPrefix { get; set; } = "Orleans";

    /// <summary>The database this provider uses: <see cref="Database"/>, else the connection string's.</summary>
    internal string DatabaseName =>
        Database is { Length: > 0 } database ? database : MongoUrl.Create(ConnectionString!).DatabaseName;
}

/// <summary>Membership and the gateway list: one document per cluster in "{prefix}Membership".</summary>
public sealed class MongoDBClusteringOptions : MongoDBOptions;

/// <summary>Grain state: one document per grain and state name in "{prefix}GrainState".</summary>
public sealed class MongoDBGrainStorageOptions : MongoDBOptions
{
    /// <summary>The silo lifecycle stage at which the collection's indexes are created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;
}

/// <summary>Reminders: one document per reminder in "{prefix}Reminders".</summary>
public sealed class MongoDBReminderTableOptions : MongoDBOptions;

/// <summary>Checks a provider's settings when the host starts, naming the setting and the rule it breaks.</summary>
internal sealed partial class MongoDBOptionsValidator<TOptions>(IServiceProvider services) : IValidateOptions<TOptions>
    where TOptions : MongoDBOptions
{
    // MongoDB forbids these in database names (and a database name is at most 63 bytes).
    private static readonly char[] ForbiddenInDatabase = ['/', '\\', '.', ' ', '"', '$', '\0'];

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var provider = string.IsNullOrEmpty(name) ? typeof(TOptions).Name : $"{typeof(TOptions).Name} '{name}'";
        var failures = new List<string>();
        MongoUrl? url = null;
        if (options.ConnectionString is { Length: > 0 } connectionString)
        {
            try
            {
                url = MongoUrl.Create(connectionString);
            }
            catch (Exception error) when (error is MongoConfigurationException or FormatException or ArgumentException)
            {
                failures.Add($"{provider}: ConnectionString is not a MongoDB URI ({error.Message}).");
            }
        }
        else if (services.GetService(typeof(IMongoClient)) is null)
        {
            failures.Add($"{provider}: set ConnectionString, or register an IMongoClient in the container.");
        }

        var database = options.Database is { Length: > 0 } explicitDatabase ? explicitDatabase : url?.DatabaseName;
        if (string.IsNullOrEmpty(database))
        {
            if (url is not null || options.ConnectionString is not { Length: > 0 })
            {
                failures.Add($"{provider}: Database is required (or name the database in the connection string's path).");
            }
        }
        else if (database.IndexOfAny(ForbiddenInDatabase) >= 0 || database.Length > 63)
        {
            failures.Add($"{provider}: Database '{database}' is not a MongoDB database name (at most 63 characters, none of / \\ . space \" $).");
        }

        if (!CollectionPrefixPattern().IsMatch(options.CollectionPrefix))
        {
            failures.Add($"{provider}: CollectionPrefix '{options.CollectionPrefix}' must be 1-40 letters, digits, '_' or '-', starting with a letter.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex CollectionPrefixPattern();
}
