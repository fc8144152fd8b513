using Spaces.Cluster.Tests.Infrastructure;
using Spaces.Silo;

namespace Spaces.Cluster.Tests;

/// <summary>deploy/postgresql: every statement the ADO.NET providers look up is there, and applying it again changes nothing.</summary>
public sealed class SchemaTests
{
    /// <summary>The keys Orleans 10.4.2's clustering, grain storage, reminder and stream providers read from OrleansQuery.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey", "UpdateMembershipKey",
        "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "QueueStreamMessageKey", "GetStreamMessagesKey", "ConfirmStreamMessagesKey", "FailStreamMessageKey",
        "EvictStreamMessagesKey", "EvictStreamDeadLettersKey",
    ];

    [Fact]
    public async Task The_schema_holds_every_provider_query_and_applies_again_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        const string Keys = "SELECT string_agg(QueryKey, ',' ORDER BY QueryKey) FROM OrleansQuery";
        const string Fingerprint = "SELECT md5(string_agg(QueryKey || QueryText, '' ORDER BY QueryKey)) FROM OrleansQuery";
        var fingerprint = await database.ScalarAsync<string>(Fingerprint);

        await PostgreSqlSchema.ApplyAsync(database.ConnectionString);

        Assert.Equal(string.Join(',', ProviderQueryKeys.Order(StringComparer.Ordinal)), await database.ScalarAsync<string>(Keys));
        Assert.Equal(fingerprint, await database.ScalarAsync<string>(Fingerprint));
        Assert.Equal(["postgresql/00-queries.sql", "postgresql/10-clustering.sql", "postgresql/20-persistence.sql", "postgresql/30-reminders.sql",
            "postgresql/40-streaming.sql"],
            PostgreSqlSchema.ScriptNames);
    }
}
