using Npgsql;

namespace Spaces.Silo;

/// <summary>
/// Creates or upgrades the PostgreSQL schema the Orleans ADO.NET providers need: the scripts of deploy/postgresql,
/// embedded in this assembly, applied in name order in one transaction. Every script is idempotent, and concurrent
/// installers (silos starting together) take turns on an advisory lock.
/// </summary>
public static class PostgreSqlSchema
{
    /// <summary>The ADO.NET invariant name Orleans knows Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    private const string ResourcePrefix = "postgresql/";

    /// <summary>An arbitrary constant: the key of the advisory lock installers serialize on.</summary>
    private const long LockKey = 0x5370_6163_6573; // "Spaces"

    public static IReadOnlyList<string> ScriptNames { get; } = typeof(PostgreSqlSchema).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var takeLock = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
        {
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var name in ScriptNames)
        {
            await using var script = new NpgsqlCommand(Read(name), connection, transaction);
            await script.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Read(string resourceName)
    {
        using var stream = typeof(PostgreSqlSchema).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The schema script {resourceName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>Applies the schema when the host starts, before the silo (registered ahead of Orleans' own service).</summary>
internal sealed partial class PostgreSqlSchemaInstaller(string connectionString, ILogger<PostgreSqlSchemaInstaller> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PostgreSqlSchema.ApplyAsync(connectionString, cancellationToken);
        LogApplied(logger, PostgreSqlSchema.ScriptNames.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema applied ({Scripts} scripts)")]
    private static partial void LogApplied(ILogger logger, int scripts);
}
