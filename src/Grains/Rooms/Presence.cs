using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// Who is in a live Space right now: the audience, which seat holders are present, and the two clocks the presence
/// rules read (how long the host has been away, how long the room has been empty). Soft state, never persisted
/// (architecture rule 1): rebuilt from joins, and after a failed write brought back in line with the stored stage.
/// </summary>
internal sealed class Presence
{
    private readonly Audience _audience = new();
    private readonly HashSet<string> _presentOnStage = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everListened = new(StringComparer.Ordinal);

    // Listeners holding a WebRTC seat (product.md "Media"); every other listener plays the HLS stream.
    private readonly HashSet<string> _onWebRtc = new(StringComparer.Ordinal);
    private DateTimeOffset? _hostAwaySince;
    private DateTimeOffset? _emptySince;
    private bool _changed;

    /// <summary>Listeners and present seat holders.</summary>
    public int Count => _audience.Count + _presentOnStage.Count;

    public int ListenerCount => _audience.Count;

    public int HlsListenerCount => _audience.Count - _onWebRtc.Count;

    /// <summary>WebRTC seats free for listeners out of <paramref name="seats"/>.</summary>
    public int FreeWebRtcSeats(int seats) => Math.Max(0, seats - _onWebRtc.Count);

    /// <summary>
    /// The media tier of a present listener who (re)joins: WebRTC if they hold a seat or one of <paramref name="seats"/> is
    /// free (so a join is how an HLS listener takes an offered upgrade), else HLS.
    /// </summary>
    public MediaKind AdmitListener(string userId, int seats)
    {
        if (_onWebRtc.Contains(userId) || (_onWebRtc.Count < seats && _onWebRtc.Add(userId)))
        {
            return MediaKind.WebRtc;
        }

        return MediaKind.Hls;
    }

    /// <summary>LiveKit reports the listener in the room: they hold a WebRTC seat (a soft-state rebuild after a restart, or an older token).</summary>
    public void ConnectedOverWebRtc(string userId)
    {
        if (_audience.Contains(userId))
        {
            _onWebRtc.Add(userId);
        }
    }

    public bool IsListening(string userId) => _audience.Contains(userId);

    public bool IsPresentOnStage(string userId) => _presentOnStage.Contains(userId);

    public bool IsPresent(string userId) => IsListening(userId) || IsPresentOnStage(userId);

    /// <summary>True once since the last call when anyone came, went or moved: the next audience.count is due.</summary>
    public bool TakeChanged()
    {
        var changed = _changed;
        _changed = false;
        return changed;
    }

    /// <summary>A listener arrives; <see cref="Arrival.FirstVisit"/> when they never listened here before (counts total listeners).</summary>
    public Arrival EnterAudience(string userId)
    {
        if (!_audience.Add(userId))
        {
            return new Arrival(false, false);
        }

        _changed = true;
        return new Arrival(true, _everListened.Add(userId));
    }

    /// <summary>A seat holder shows up in their seat; the host's arrival stops the host-away clock.</summary>
    public void EnterSeat(string userId, bool isHost)
    {
        _changed |= _presentOnStage.Add(userId);
        if (isHost)
        {
            _hostAwaySince = null;
        }
    }

    /// <summary>A present listener takes a seat.</summary>
    public void TakeSeat(string userId)
    {
        _changed |= _audience.Remove(userId);
        _onWebRtc.Remove(userId);
        _presentOnStage.Add(userId);
    }

    /// <summary>A present seat holder goes back to the audience.</summary>
    public void LeaveSeat(string userId)
    {
        if (_presentOnStage.Remove(userId))
        {
            // Still connected to the room from the stage: back in the audience, they keep WebRTC.
            _audience.Add(userId);
            _onWebRtc.Add(userId);
            _changed = true;
        }
    }

    /// <summary>A listener leaves; false when they were not listening.</summary>
    public bool LeaveAudience(string userId)
    {
        var left = _audience.Remove(userId);
        _onWebRtc.Remove(userId);
        _changed |= left;
        return left;
    }

    /// <summary>A seat holder leaves the room (keeping the seat); the host's leaving starts the host-away clock.</summary>
    public void LeaveRoom(string userId, bool isHost, DateTimeOffset now)
    {
        _changed |= _presentOnStage.Remove(userId);
        if (isHost)
        {
            _hostAwaySince ??= now;
        }
    }

    /// <summary>Gone from wherever they were (removed from the Space).</summary>
    public void Remove(string userId) => _changed |= _audience.Remove(userId) | _presentOnStage.Remove(userId) | _onWebRtc.Remove(userId);

    /// <summary>The Space went live with its host in the room.</summary>
    public void Open(string hostId)
    {
        _presentOnStage.Add(hostId);
        _hostAwaySince = null;
        _emptySince = null;
    }

    /// <summary>After an activation: the host counts as away until they show up again.</summary>
    public void Resume(DateTimeOffset now) => _hostAwaySince = now;

    public void Clear()
    {
        _audience.Clear();
        _presentOnStage.Clear();
        _onWebRtc.Clear();
    }

    /// <summary>Which presence rule, if any, ends the Space now (product.md "Lifecycle").</summary>
    public EndReason? Due(DateTimeOffset now, TimeSpan hostAbsenceTimeout, TimeSpan emptySpaceTimeout)
    {
        if (_hostAwaySince is { } away && now - away >= hostAbsenceTimeout)
        {
            return EndReason.HostAbsent;
        }

        if (Count > 0)
        {
            _emptySince = null;
            return null;
        }

        _emptySince ??= now;
        return now - _emptySince >= emptySpaceTimeout ? EndReason.Empty : null;
    }

    /// <summary>
    /// Puts everyone present where the stored stage says they belong: seat holders on stage, the others in the
    /// audience. Used after a failed write read back the stage a turn had changed in memory.
    /// </summary>
    public void Reconcile(Func<string, bool> holdsSeat)
    {
        foreach (var userId in _presentOnStage.Where(u => !holdsSeat(u)).ToList())
        {
            LeaveSeat(userId);
        }

        foreach (var userId in _audience.GetPage(0, _audience.Count).Page.Where(holdsSeat).ToList())
        {
            TakeSeat(userId);
        }
    }

    public (IReadOnlyList<string> Page, long? NextCursor) GetListeners(long afterCursor, int limit) => _audience.GetPage(afterCursor, limit);

    public readonly record struct Arrival(bool Added, bool FirstVisit);
}
