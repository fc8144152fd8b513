using Spaces.Providers.Tests.Infrastructure;

namespace Spaces.Providers.Tests.Contracts;

/// <summary>
/// What the reminder service needs from a reminder table — rows by grain, ring-range reads, etags — written once and
/// run against every backend. Each test uses grains of its own and looks only at them.
/// </summary>
public abstract class ReminderTableContract(ProviderBackend backend)
{
    private static readonly DateTime StartAt = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [BackendFact]
    public async Task An_upserted_reminder_reads_back_by_name_and_by_grain()
    {
        var table = await backend.RemindersAsync();
        var grain = NewGrain();

        var etag = await table.UpsertRow(Reminder(grain, "schedule-grace"));
        await table.UpsertRow(Reminder(grain, "start-soon"));

        var row = await table.ReadRow(grain, "schedule-grace");
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(StartAt, row.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.Equal(etag, row.ETag);
        Assert.Equal(["schedule-grace", "start-soon"], (await table.ReadRows(grain)).Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(grain, "never-registered"));
    }

    [BackendFact]
    public async Task An_upsert_replaces_the_reminder_and_its_etag()
    {
        var table = await backend.RemindersAsync();
        var grain = NewGrain();
        var first = await table.UpsertRow(Reminder(grain, "check"));

        var second = await table.UpsertRow(Reminder(grain, "check", period: TimeSpan.FromMinutes(5)));

        Assert.NotEqual(first, second);
        var row = await table.ReadRow(grain, "check");
        Assert.Equal(TimeSpan.FromMinutes(5), row!.Period);
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [BackendFact]
    public async Task A_remove_needs_the_current_etag()
    {
        var table = await backend.RemindersAsync();
        var grain = NewGrain();
        var stale = await table.UpsertRow(Reminder(grain, "check"));
        var current = await table.UpsertRow(Reminder(grain, "check"));

        Assert.False(await table.RemoveRow(grain, "check", stale!));
        Assert.NotNull(await table.ReadRow(grain, "check"));
        Assert.True(await table.RemoveRow(grain, "check", current!));
        Assert.Null(await table.ReadRow(grain, "check"));
        Assert.False(await table.RemoveRow(grain, "check", current!));
    }

    [BackendFact]
    public async Task Range_reads_return_hashes_in_begin_exclusive_end_inclusive_and_wrap_around_the_ring()
    {
        var table = await backend.RemindersAsync();
        var grains = Enumerable.Range(0, 24).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain, "ring"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        // Bounds on hashes themselves, to pin exclusive/inclusive: (h[5], h[15]] holds h[6]..h[15].
        var (low, high) = (hashes[5], hashes[15]);
        Assert.Equal(hashes[6..16], await OwnHashesAsync(table, grains, low, high));
        // begin ≥ end wraps: above h[15] or up to h[5].
        Assert.Equal([.. hashes[..6], .. hashes[16..]], await OwnHashesAsync(table, grains, high, low));
        // begin == end is the whole ring.
        Assert.Equal(hashes, await OwnHashesAsync(table, grains, low, low));
    }

    private static async Task<List<uint>> OwnHashesAsync(IReminderTable table, List<GrainId> grains, uint begin, uint end) =>
        (await table.ReadRows(begin, end)).Reminders
            .Where(reminder => grains.Contains(reminder.GrainId))
            .Select(reminder => reminder.GrainId.GetUniformHashCode())
            .Order()
            .ToList();

    private static GrainId NewGrain() => GrainId.Create("space", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Reminder(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(1),
    };
}

public sealed class MemoryReminderTableContract(MemoryBackend backend) : ReminderTableContract(backend), IClassFixture<MemoryBackend>;

public sealed class PostgreSqlReminderTableContract(PostgreSqlBackend backend) : ReminderTableContract(backend), IClassFixture<PostgreSqlBackend>;

[RequiresMongoDB]
public sealed class MongoReminderTableContract(MongoBackend backend) : ReminderTableContract(backend), IClassFixture<MongoBackend>;
