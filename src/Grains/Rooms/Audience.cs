namespace Spaces.Grains.Rooms;

/// <summary>
/// The listeners present in a Space: soft state, never persisted (architecture rule 1). Paged by join order,
/// so a cursor stays valid while others join and leave.
/// </summary>
internal sealed class Audience
{
    private static readonly Comparer<(long Ordinal, string UserId)> ByOrdinal =
        Comparer<(long Ordinal, string UserId)>.Create((a, b) => a.Ordinal.CompareTo(b.Ordinal));

    private readonly Dictionary<string, long> _ordinals = new(StringComparer.Ordinal);
    private readonly SortedSet<(long Ordinal, string UserId)> _inJoinOrder = new(ByOrdinal);
    private long _nextOrdinal;

    public int Count => _ordinals.Count;

    public bool Contains(string userId) => _ordinals.ContainsKey(userId);

    /// <summary>Adds the listener; false when already present.</summary>
    public bool Add(string userId)
    {
        if (_ordinals.ContainsKey(userId))
        {
            return false;
        }

        var ordinal = ++_nextOrdinal;
        _ordinals[userId] = ordinal;
        _inJoinOrder.Add((ordinal, userId));
        return true;
    }

    public bool Remove(string userId)
    {
        if (!_ordinals.Remove(userId, out var ordinal))
        {
            return false;
        }

        _inJoinOrder.Remove((ordinal, userId));
        return true;
    }

    public void Clear()
    {
        _ordinals.Clear();
        _inJoinOrder.Clear();
    }

    /// <summary>Listeners who joined after <paramref name="afterCursor"/>, and the cursor of the next page if there is one.</summary>
    public (IReadOnlyList<string> Page, long? NextCursor) GetPage(long afterCursor, int limit)
    {
        var page = new List<string>(Math.Min(limit, _ordinals.Count));
        long? next = null;
        if (afterCursor >= _nextOrdinal)
        {
            return (page, next);
        }

        foreach (var (ordinal, userId) in _inJoinOrder.GetViewBetween((afterCursor + 1, ""), (long.MaxValue, "")))
        {
            if (page.Count == limit)
            {
                next = page.Count > 0 ? _ordinals[page[^1]] : null;
                break;
            }

            page.Add(userId);
        }

        return (page, next);
    }
}
