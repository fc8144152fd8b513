using System.Data.Common;
using DuckDB.NET.Data;
using Spaces.Analytics.Events;

namespace Spaces.Analytics.Storage;

/// <summary>
/// The embedded DuckDB file every accepted event is written to (schema: <see cref="WarehouseSchema"/>, documented in
/// tools/Analytics/README.md). One writer: the job's pipeline calls it from one loop.
/// </summary>
public sealed class EventWarehouse : IDisposable
{
    private readonly DuckDBConnection _connection;

    private EventWarehouse(DuckDBConnection connection) => _connection = connection;

    /// <summary>Opens (or creates) the file at <paramref name="path"/> and makes sure the tables exist.</summary>
    public static EventWarehouse Open(string path)
    {
        var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        var warehouse = new EventWarehouse(connection);
        warehouse.Execute(WarehouseSchema.Create);
        return warehouse;
    }

    /// <summary>
    /// Writes <paramref name="batch"/> and the archive positions it reaches in one transaction, so a checkpoint is
    /// never ahead of the events it covers; an event id already in the file is skipped with its rows.
    /// </summary>
    public void Append(IReadOnlyCollection<EventRow> batch, IReadOnlyDictionary<int, long> checkpoints, DateTimeOffset receivedAt)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var (partition, position) in checkpoints)
        {
            Execute(WarehouseSchema.SaveCheckpoint, partition, position);
        }

        foreach (var e in batch)
        {
            if (InsertEvent(e, receivedAt) == 0)
            {
                continue; // written by an earlier run: a redelivery after a restart
            }

            foreach (var userId in e.Joined)
            {
                Execute(WarehouseSchema.InsertPresence, e.EventId, e.SpaceId, userId, "join", e.OccurredAt.UtcDateTime);
            }

            foreach (var userId in e.Left)
            {
                Execute(WarehouseSchema.InsertPresence, e.EventId, e.SpaceId, userId, "leave", e.OccurredAt.UtcDateTime);
            }

            foreach (var (emoji, count) in e.Reactions)
            {
                Execute(WarehouseSchema.InsertReaction, e.EventId, e.SpaceId, emoji, count, e.OccurredAt.UtcDateTime);
            }
        }

        transaction.Commit();
    }

    /// <summary>The archive position each firehose partition was read up to (0 for a partition never read).</summary>
    public long Checkpoint(int partition)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT position FROM archive_checkpoints WHERE partition = ?";
        command.Parameters.Add(new DuckDBParameter(partition));
        return command.ExecuteScalar() is { } position and not DBNull ? Convert.ToInt64(position, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The ids of every event in the file, so a restarted job does not count them twice.</summary>
    public IReadOnlyList<string> EventIds()
    {
        var ids = new List<string>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT event_id FROM events";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Runs a read-only query (the README's questions) and returns its rows as column → value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => _connection.Dispose();

    private int InsertEvent(EventRow e, DateTimeOffset receivedAt) => Execute(
        WarehouseSchema.InsertEvent,
        e.EventId, e.SpaceId, e.Seq, e.OccurredAt.UtcDateTime, e.Family.ToString().ToLowerInvariant(), e.Type, e.ActorId,
        e.SubjectId, e.Live, e.Detail, e.Listeners, e.PeakListeners, e.HostId, e.TicketId, e.AmountMinor, e.Currency, receivedAt.UtcDateTime);

    private int Execute(string sql, params object?[] values)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }

        return command.ExecuteNonQuery();
    }
}
