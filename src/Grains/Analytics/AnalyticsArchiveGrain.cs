using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using Spaces.Contracts.Analytics;

namespace Spaces.Grains.Analytics;

/// <summary>
/// The archive of one firehose partition (see <see cref="AnalyticsArchive"/>). Every silo subscribes it implicitly
/// to its partition, so it needs no registration and misses nothing the stream delivers. The newest page (the
/// tail) lives in this grain's own state, rewritten on every event; a full tail is sealed into a page grain that is
/// written once, and the oldest sealed page is deleted past <see cref="AnalyticsArchiveOptions.MaxPages"/>.
/// </summary>
[ImplicitStreamSubscription(AnalyticsStreams.FirehoseNamespace)]
internal sealed partial class AnalyticsArchiveGrain(
    [PersistentState("archive", StorageNames.Spaces)] IPersistentState<AnalyticsArchiveRecord> record,
    IOptions<AnalyticsArchiveOptions> options,
    ILogger<AnalyticsArchiveGrain> logger) : Grain, IAnalyticsArchiveGrain, IStreamSubscriptionObserver, IAsyncObserver<AnalyticsEvent>
{
    private readonly AnalyticsArchiveOptions _options = options.Value;
    private HashSet<string>? _recentIds;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<AnalyticsEvent>().ResumeAsync(this);

    public async Task OnNextAsync(AnalyticsEvent item, StreamSequenceToken? token = null)
    {
        var state = record.State;
        _recentIds ??= new HashSet<string>(state.RecentEventIds, StringComparer.Ordinal);
        if (_options.DuplicateWindow > 0 && !_recentIds.Add(item.EventId))
        {
            LogDuplicate(logger, this.GetPrimaryKeyString(), item.EventId);
            return;
        }

        state.LastPosition++;
        state.Tail.Add(new ArchivedAnalyticsEvent(state.LastPosition, item));
        RememberId(state, item.EventId);
        try
        {
            if (state.Tail.Count >= _options.PageSize)
            {
                await SealTailAsync(state);
            }
            else
            {
                await record.WriteStateAsync();
            }
        }
        catch
        {
            // The event is in memory but not stored: start again from storage so the redelivery is archived, not dropped as a repeat.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async Task<AnalyticsArchivePage> ReadAsync(long afterPosition, int max)
    {
        var state = record.State;
        var count = Math.Clamp(max, 1, _options.MaxReadCount);
        var oldest = state.Pages.Count > 0 ? state.Pages[0].FirstPosition
            : state.Tail.Count > 0 ? state.Tail[0].Position
            : state.LastPosition + 1;
        var from = Math.Max(afterPosition, oldest - 1);
        var events = new List<ArchivedAnalyticsEvent>(Math.Min(count, 256));
        foreach (var page in state.Pages)
        {
            if (events.Count >= count)
            {
                break;
            }

            if (page.LastPosition > from)
            {
                Take(await Page(page.Number).ReadAsync(), from, count, events);
            }
        }

        Take(state.Tail, from, count, events);
        return new AnalyticsArchivePage(events, state.LastPosition, oldest, Math.Max(0, oldest - 1 - afterPosition));
    }

    private static void Take(IReadOnlyList<ArchivedAnalyticsEvent> source, long after, int count, List<ArchivedAnalyticsEvent> into)
    {
        foreach (var archived in source)
        {
            if (into.Count >= count)
            {
                return;
            }

            if (archived.Position > after)
            {
                into.Add(archived);
            }
        }
    }

    /// <summary>
    /// The page is written before this grain points at it, and deleted only after it no longer does: a crash in
    /// between leaves at worst a page written twice with the same events, or an orphan page nothing reads.
    /// </summary>
    private async Task SealTailAsync(AnalyticsArchiveRecord state)
    {
        var number = state.NextPageNumber;
        await Page(number).WriteAsync(state.Tail);
        state.Pages.Add(new ArchivePageInfo(number, state.Tail[0].Position, state.Tail[^1].Position));
        state.NextPageNumber++;
        state.Tail = [];
        var expired = state.Pages.Count > _options.MaxPages ? state.Pages[..(state.Pages.Count - _options.MaxPages)] : [];
        state.Pages.RemoveRange(0, expired.Count);
        await record.WriteStateAsync();
        foreach (var page in expired)
        {
            await Page(page.Number).ClearAsync();
            LogPageExpired(logger, this.GetPrimaryKeyString(), page.FirstPosition, page.LastPosition);
        }
    }

    private void RememberId(AnalyticsArchiveRecord state, string eventId)
    {
        if (_options.DuplicateWindow == 0)
        {
            return;
        }

        state.RecentEventIds.Enqueue(eventId);
        while (state.RecentEventIds.Count > _options.DuplicateWindow)
        {
            _recentIds!.Remove(state.RecentEventIds.Dequeue());
        }
    }

    private IAnalyticsArchivePageGrain Page(long number) =>
        GrainFactory.GetGrain<IAnalyticsArchivePageGrain>($"{this.GetPrimaryKeyString()}/{number}");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Analytics archive {Partition} dropped event {EventId}: already archived (a redelivery)")]
    private static partial void LogDuplicate(ILogger logger, string partition, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics archive {Partition} deleted its oldest page, positions {FirstPosition} to {LastPosition} (retention: AnalyticsArchive:MaxPages)")]
    private static partial void LogPageExpired(ILogger logger, string partition, long firstPosition, long lastPosition);
}

/// <summary>One sealed page of a partition's archive; its key is "{partition}/{page number}". Only the archive grain calls it.</summary>
public interface IAnalyticsArchivePageGrain : IGrainWithStringKey
{
    Task WriteAsync(List<ArchivedAnalyticsEvent> events);

    Task<List<ArchivedAnalyticsEvent>> ReadAsync();

    Task ClearAsync();
}

internal sealed class AnalyticsArchivePageGrain(
    [PersistentState("page", StorageNames.Spaces)] IPersistentState<AnalyticsArchivePageRecord> record) : Grain, IAnalyticsArchivePageGrain
{
    public async Task WriteAsync(List<ArchivedAnalyticsEvent> events)
    {
        record.State.Events = events;
        await record.WriteStateAsync();
    }

    public Task<List<ArchivedAnalyticsEvent>> ReadAsync() => Task.FromResult(record.State.Events);

    public async Task ClearAsync()
    {
        await record.ClearStateAsync();
        DeactivateOnIdle();
    }
}

[GenerateSerializer]
public sealed class AnalyticsArchiveRecord
{
    /// <summary>The newest position handed out (0: none yet).</summary>
    [Id(0)] public long LastPosition { get; set; }

    /// <summary>The sealed pages still kept, oldest first.</summary>
    [Id(1)] public List<ArchivePageInfo> Pages { get; set; } = [];

    [Id(2)] public long NextPageNumber { get; set; }

    /// <summary>The newest events, not yet sealed into a page.</summary>
    [Id(3)] public List<ArchivedAnalyticsEvent> Tail { get; set; } = [];

    /// <summary>The newest event ids, oldest first (AnalyticsArchive:DuplicateWindow of them).</summary>
    [Id(4)] public Queue<string> RecentEventIds { get; set; } = new();
}

[GenerateSerializer]
public sealed record ArchivePageInfo([property: Id(0)] long Number, [property: Id(1)] long FirstPosition, [property: Id(2)] long LastPosition);

[GenerateSerializer]
public sealed class AnalyticsArchivePageRecord
{
    [Id(0)] public List<ArchivedAnalyticsEvent> Events { get; set; } = [];
}

/// <summary>Checks each archive limit's range (generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class AnalyticsArchiveOptionsValidator : IValidateOptions<AnalyticsArchiveOptions>;
