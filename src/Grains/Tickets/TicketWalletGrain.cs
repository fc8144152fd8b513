using Spaces.Contracts;

namespace Spaces.Grains.Tickets;

/// <summary>The tickets one user bought (keyed by user id): the latest word of each ticket grain, for "my tickets".</summary>
internal sealed class TicketWalletGrain(
    [PersistentState("wallet", StorageNames.Spaces)] IPersistentState<TicketWalletRecord> record) : Grain, ITicketWalletGrain
{
    public async Task RecordAsync(TicketDetails ticket)
    {
        if (record.State.Tickets.GetValueOrDefault(ticket.Id) == ticket)
        {
            return;
        }

        record.State.Tickets[ticket.Id] = ticket;
        await record.WriteStateAsync();
    }

    public Task<IReadOnlyList<TicketDetails>> GetTicketsAsync()
    {
        IReadOnlyList<TicketDetails> newestFirst = [.. record.State.Tickets.Values.OrderByDescending(t => t.CreatedAt)];
        return Task.FromResult(newestFirst);
    }
}

[GenerateSerializer]
public sealed class TicketWalletRecord
{
    [Id(0)] public Dictionary<string, TicketDetails> Tickets { get; set; } = [];
}
