using Spaces.Contracts;

namespace Spaces.Grains.Tickets;

/// <summary>
/// One host's earnings as an append-only list of entries (keyed by host id). Totals are always summed from the
/// entries, so there is no separate counter to drift from them.
/// </summary>
internal sealed class EarningsLedgerGrain(
    [PersistentState("ledger", StorageNames.Spaces)] IPersistentState<EarningsLedgerRecord> record) : Grain, IEarningsLedgerGrain
{
    private HashSet<string>? _entryIds;

    public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries)
    {
        _entryIds ??= record.State.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var fresh = entries.Where(e => _entryIds.Add(e.Id)).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        record.State.Entries.AddRange(fresh);
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            // Not stored: forget them, so a retry appends them again.
            record.State.Entries.RemoveRange(record.State.Entries.Count - fresh.Count, fresh.Count);
            _entryIds.ExceptWith(fresh.Select(e => e.Id));
            throw;
        }
    }

    public Task<Earnings> GetEarningsAsync(string spaceId, string currency)
    {
        var entries = record.State.Entries.Where(e => e.SpaceId == spaceId).ToList();
        long Sum(params LedgerEntryKind[] kinds) => entries.Where(e => kinds.Contains(e.Kind)).Sum(e => e.Amount);
        var gross = Sum(LedgerEntryKind.Sale, LedgerEntryKind.Refund);
        var fee = -Sum(LedgerEntryKind.PlatformFee, LedgerEntryKind.PlatformFeeReversal);
        return Task.FromResult(new Earnings(
            spaceId,
            currency,
            gross,
            fee,
            gross - fee,
            entries.Count(e => e.Kind == LedgerEntryKind.Sale),
            entries.Count(e => e.Kind == LedgerEntryKind.Refund)));
    }
}

[GenerateSerializer]
public sealed class EarningsLedgerRecord
{
    [Id(0)] public List<LedgerEntry> Entries { get; set; } = [];
}
