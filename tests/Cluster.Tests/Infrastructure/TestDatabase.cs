using Npgsql;
using Spaces.Silo;

namespace Spaces.Cluster.Tests.Infrastructure;

/// <summary>
/// A fresh database with the Spaces schema, on the PostgreSQL server <c>SPACES_TEST_POSTGRES</c> points at
/// (test.sh starts a throwaway one); dropped again on dispose, so test runs never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Variable = "SPACES_TEST_POSTGRES";

    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. The cluster tests need a PostgreSQL server: run ./test.sh (it starts a throwaway one " +
                $"and sets {Variable}), or set {Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\" yourself.");
        }

        var database = new TestDatabase(server, $"spaces_test_{Guid.NewGuid():N}");
        await database.ExecuteOnServerAsync($"CREATE DATABASE {database.Name}");
        await PostgreSqlSchema.ApplyAsync(database.ConnectionString);
        return database;
    }

    /// <summary>One scalar from the test database (a look behind the providers).</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
