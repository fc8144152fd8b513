using Spaces.Contracts.Analytics;
using Spaces.Grains.Rooms;

namespace Spaces.Grains.Analytics;

/// <summary>
/// One Space's analytics: numbers its events into the Space's <see cref="AnalyticsOutbox"/> (seq 1, 2, 3… and the
/// event id <c>{space_id}/{seq}</c>) and gathers the hot paths — joins, leaves, reactions — into one window of
/// <see cref="AnalyticsOptions.BatchInterval"/>. The window is flushed into the outbox when it closes and before
/// any other event of the Space, so per-Space order holds. Memory grows with the window, not the audience: ids
/// beyond <see cref="AnalyticsOptions.MaxUserIdsPerBatch"/> start the next message of the same window.
/// </summary>
internal sealed class SpaceAnalytics(string spaceId, AnalyticsPublishing publishing, TimeProvider time, Func<(int Participants, int Listeners)> presence)
{
    // Counts only: who reacted is not analytics' business, and a sample would be bounded anyway.
    private readonly ReactionTally _reactions = new(sampleSize: 0);
    private readonly List<PresenceBatch> _fullBatches = [];
    private List<string> _joined = [];
    private List<string> _left = [];
    private DateTimeOffset? _windowStart;

    public bool Enabled => publishing.Enabled;

    /// <summary>Counts a listener's arrival; true when it opened a window (start the flush timer).</summary>
    public bool Joined(string userId) => Note(ref _joined, userId);

    /// <summary>Counts a listener's departure; true when it opened a window.</summary>
    public bool Left(string userId) => Note(ref _left, userId);

    /// <summary>Counts a reaction; true when it opened a window.</summary>
    public bool Reacted(string userId, string emoji)
    {
        if (!Enabled)
        {
            return false;
        }

        var opened = Open();
        _reactions.Add(userId, emoji);
        return opened;
    }

    /// <summary>Numbers <paramref name="analyticsEvent"/> into the outbox after the open window's batches.</summary>
    public void Record(AnalyticsOutbox outbox, AnalyticsEvent analyticsEvent)
    {
        if (Enabled)
        {
            Flush(outbox);
            Append(outbox, analyticsEvent);
        }
    }

    /// <summary>Closes the window: its presence and reaction batches go into the outbox, numbered.</summary>
    public void Flush(AnalyticsOutbox outbox)
    {
        if (_windowStart is not { } start)
        {
            return;
        }

        foreach (var batch in _fullBatches)
        {
            Append(outbox, batch);
        }

        _fullBatches.Clear();
        if (_joined.Count + _left.Count > 0)
        {
            Append(outbox, TakePresence(start));
        }

        if (!_reactions.IsEmpty)
        {
            Append(outbox, new ReactionBatch { Counts = _reactions.Take().Counts, WindowStart = start });
        }

        _windowStart = null;
    }

    private bool Note(ref List<string> userIds, string userId)
    {
        if (!Enabled)
        {
            return false;
        }

        var opened = Open();
        userIds.Add(userId);
        if (_joined.Count + _left.Count >= publishing.Options.MaxUserIdsPerBatch)
        {
            _fullBatches.Add(TakePresence(_windowStart!.Value));
        }

        return opened;
    }

    private bool Open()
    {
        if (_windowStart is not null)
        {
            return false;
        }

        _windowStart = time.GetUtcNow();
        return true;
    }

    private PresenceBatch TakePresence(DateTimeOffset windowStart)
    {
        var (participants, listeners) = presence();
        var batch = new PresenceBatch
        {
            JoinedUserIds = _joined, LeftUserIds = _left, ParticipantCount = participants, ListenerCount = listeners, WindowStart = windowStart,
            OccurredAt = time.GetUtcNow(),
        };
        _joined = [];
        _left = [];
        return batch;
    }

    private void Append(AnalyticsOutbox outbox, AnalyticsEvent analyticsEvent)
    {
        var seq = ++outbox.LastSeq;
        publishing.Add(outbox, analyticsEvent with
        {
            EventId = $"{spaceId}/{seq}",
            SpaceId = spaceId,
            Seq = seq,
            OccurredAt = analyticsEvent.OccurredAt == default ? time.GetUtcNow() : analyticsEvent.OccurredAt,
        });
    }
}
