using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Orleans.Serialization;
using Orleans.Storage;
using Spaces.MongoDB;
using Spaces.MongoDB.Membership;
using Spaces.MongoDB.Reminders;
using Spaces.MongoDB.Storage;
using Spaces.Providers.Tests.Infrastructure;

namespace Spaces.Providers.Tests.Mapping;

/// <summary>
/// Every type the MongoDB providers store, through real BSON bytes and back, and the failure modes that need no
/// server: a malformed reminder, a state too large for a document, which duplicate keys are conflicts.
/// </summary>
public sealed class BsonMappingTests
{
    private static readonly DateTime At = new(2026, 3, 1, 12, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public void A_membership_entry_round_trips_through_bson_with_its_etag_and_votes()
    {
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Parse("10.0.0.7"), 11111, 987654),
            Status = SiloStatus.Active,
            ProxyPort = 30000,
            HostName = "silo-host",
            SiloName = "silo-1",
            RoleName = "role",
            UpdateZone = 2,
            FaultZone = 3,
            StartTime = At.AddMinutes(-5),
            IAmAliveTime = At,
        };
        entry.AddSuspector(SiloAddress.New(IPAddress.Parse("10.0.0.8"), 11111, 5), At.AddSeconds(-3));

        var (back, etag) = MembershipDocuments.FromBson(ThroughBytes(MembershipDocuments.ToBson(entry, "etag-1")));

        Assert.Equal("etag-1", etag);
        Assert.Equal(entry.SiloAddress, back.SiloAddress);
        Assert.Equal(entry.Status, back.Status);
        Assert.Equal((entry.ProxyPort, entry.HostName, entry.SiloName, entry.RoleName), (back.ProxyPort, back.HostName, back.SiloName, back.RoleName));
        Assert.Equal((entry.UpdateZone, entry.FaultZone), (back.UpdateZone, back.FaultZone));
        Assert.Equal((entry.StartTime, entry.IAmAliveTime), (back.StartTime, back.IAmAliveTime));
        var vote = Assert.Single(back.SuspectTimes!);
        Assert.Equal(entry.SuspectTimes![0], vote);
    }

    [Fact]
    public void A_cluster_document_maps_to_its_table_and_a_missing_one_to_the_empty_table()
    {
        var silo = new MembershipEntry { SiloAddress = SiloAddress.New(IPAddress.Loopback, 11111, 1), HostName = "h", SiloName = "s", StartTime = At, IAmAliveTime = At };
        var cluster = new BsonDocument
        {
            { "_id", "spaces-prod" },
            { MembershipDocuments.VersionField, 7 },
            { MembershipDocuments.VersionEtagField, "v7" },
            { MembershipDocuments.MembersField, new BsonDocument(MembershipDocuments.MemberKey(silo.SiloAddress), MembershipDocuments.ToBson(silo, "row")) },
        };

        var table = MembershipDocuments.ToTable(ThroughBytes(cluster));

        Assert.Equal(new TableVersion(7, "v7"), table.Version);
        Assert.Equal(silo.SiloAddress, Assert.Single(table.Members).Item1.SiloAddress);
        Assert.DoesNotContain('.', MembershipDocuments.MemberKey(SiloAddress.New(IPAddress.Parse("10.1.2.3"), 1, 2)));
        Assert.Empty(MembershipDocuments.ToTable(null).Members);
    }

    [Fact]
    public void A_reminder_round_trips_and_stores_its_grain_hash_as_an_unsigned_number()
    {
        // A grain whose hash is above int.MaxValue: stored as a negative int it would sort in the wrong half of the ring.
        var grain = Enumerable.Range(0, 1000).Select(i => GrainId.Create("space", $"g{i}")).First(g => g.GetUniformHashCode() > int.MaxValue);
        var entry = new ReminderEntry { GrainId = grain, ReminderName = "schedule-grace", StartAt = At, Period = TimeSpan.FromMinutes(60) };

        var document = ThroughBytes(ReminderDocuments.ToBson("spaces", entry, "e1"));
        var back = ReminderDocuments.FromBson(document);

        Assert.Equal((long)grain.GetUniformHashCode(), document[ReminderDocuments.GrainHashField].AsInt64);
        Assert.Equal((entry.GrainId, entry.ReminderName, entry.StartAt, entry.Period, "e1"), (back.GrainId, back.ReminderName, back.StartAt, back.Period, back.ETag));
        Assert.Equal($"spaces/{grain}/schedule-grace", document["_id"].AsString);
    }

    [Fact]
    public void A_malformed_reminder_document_is_logged_and_skipped_and_the_rest_are_served()
    {
        var good = ReminderDocuments.ToBson("spaces", new ReminderEntry { GrainId = GrainId.Create("space", "a"), ReminderName = "r", StartAt = At, Period = TimeSpan.FromMinutes(1) }, "e");
        var missingName = good.DeepClone().AsBsonDocument;
        missingName.Remove("ReminderName");
        missingName["_id"] = "broken-1";
        var wrongType = good.DeepClone().AsBsonDocument;
        wrongType["Period"] = "one minute";
        wrongType["_id"] = "broken-2";
        var logger = new CollectingLogger();

        var table = MongoReminderTable.ToTable([missingName, good, wrongType], logger);

        Assert.Equal("r", Assert.Single(table.Reminders).ReminderName);
        Assert.Equal(2, logger.Errors.Count);
        Assert.Contains("broken-1", logger.Errors[0], StringComparison.Ordinal);
        Assert.Contains("broken-2", logger.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_grain_state_document_holds_the_orleans_payload_and_readable_metadata()
    {
        var serializer = new OrleansGrainStorageSerializer(new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());
        var grain = GrainId.Create("space", "s-1");
        var state = new ContractState { Title = "Morning coffee", Speakers = ["ada"] };

        var document = ThroughBytes(GrainStateDocuments.Create("spaces", "room", grain, "etag-9", serializer.Serialize(state).ToMemory(), At));
        var back = serializer.Deserialize<ContractState>(new BinaryData(GrainStateDocuments.ReadPayload(document)));

        Assert.Equal(("Morning coffee", "ada"), (back!.Title, Assert.Single(back.Speakers)));
        Assert.Equal("spaces/room/space/s-1", document["_id"].AsString);
        Assert.Equal("etag-9", document[GrainStateDocuments.Etag].AsString);
        Assert.Equal(("spaces", "room", "space", "space/s-1"),
            (document["ServiceId"].AsString, document["StateName"].AsString, document["GrainType"].AsString, document["GrainId"].AsString));
        Assert.Equal(At, document["UpdatedAt"].ToUniversalTime());
    }

    [Fact]
    public void A_state_too_large_for_one_document_fails_naming_the_grain_and_the_state()
    {
        var grain = GrainId.Create("space", "huge");

        var error = Assert.Throws<GrainStateTooLargeException>(() =>
            GrainStateDocuments.Create("spaces", "room", grain, "e", new byte[GrainStateDocuments.MaxDocumentBytes], At));

        Assert.Contains("space/huge", error.Message, StringComparison.Ordinal);
        Assert.Contains("'room'", error.Message, StringComparison.Ordinal);
        Assert.Equal(grain, error.GrainId);
        Assert.True(error.Bytes > GrainStateDocuments.MaxDocumentBytes);
    }

    [Theory]
    [InlineData(ServerErrorCategory.DuplicateKey, "E11000 duplicate key error collection: spaces.OrleansGrainState index: _id_ dup key: { _id: \"x\" }", true)]
    [InlineData(ServerErrorCategory.DuplicateKey, "E11000 duplicate key error collection: spaces.OrleansGrainState index: GrainId_1 dup key: { GrainId: \"x\" }", false)]
    [InlineData(ServerErrorCategory.DuplicateKey, "E11000 duplicate key error collection: spaces.c index: _id_1_other dup key: { }", false)]
    [InlineData(ServerErrorCategory.Uncategorized, "index: _id_ but not a duplicate", false)]
    [InlineData(ServerErrorCategory.DuplicateKey, null, false)]
    public void Only_a_duplicate_id_counts_as_losing_a_race(ServerErrorCategory category, string? message, bool isConflict) =>
        Assert.Equal(isConflict, MongoErrors.IsDuplicateId(category, message));

    private static BsonDocument ThroughBytes(BsonDocument document) => BsonSerializer.Deserialize<BsonDocument>(document.ToBson());

    private sealed class CollectingLogger : ILogger
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Errors.Add(formatter(state, exception));
            }
        }
    }
}
