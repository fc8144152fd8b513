using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The ticket side of a Space: its terms (persisted in <see cref="SpaceRecord.Ticket"/>), who paid, and the box
/// office follow-ups. Paid holders are soft state, told by the tickets on each sale and refund and loaded from
/// the box office on activation (bounded by capacity; never persisted here, architecture rule 1).
/// </summary>
internal sealed partial class SpaceGrain : ISpaceTicketGate
{
    // Buyer → ticket: a refund revokes only the ticket it names, so a late revoke never undoes a newer purchase.
    private readonly Dictionary<string, string> _ticketHolders = new(StringComparer.Ordinal);

    private IBoxOfficeGrain BoxOffice => GrainFactory.GetGrain<IBoxOfficeGrain>(SpaceId);

    public Task AdmitTicketHolderAsync(string userId, string ticketId)
    {
        _ticketHolders[userId] = ticketId;
        return Task.CompletedTask;
    }

    public async Task RevokeTicketHolderAsync(string userId, string ticketId)
    {
        if (!_ticketHolders.TryGetValue(userId, out var held) || held != ticketId)
        {
            return;
        }

        _ticketHolders.Remove(userId);
        if (Space.State == SpaceState.Live && Presence.IsListening(userId))
        {
            RemoveFromMedia(userId);
            await ExitAsync(userId);
        }
    }

    private Task OpenBoxOfficeAsync() => Space.Ticket is { } terms ? BoxOffice.OpenAsync(Space.CreatorId, terms) : Task.CompletedTask;

    private async Task LoadTicketHoldersAsync()
    {
        if (Space.Ticket is null)
        {
            return;
        }

        foreach (var (userId, ticketId) in await BoxOffice.GetHoldersAsync())
        {
            _ticketHolders[userId] = ticketId;
        }
    }

    /// <summary>Who may be in a ticketed Space: paid holders, and whoever the host put on (or invited to) the stage.</summary>
    private bool MayEnterTicketed(string userId) =>
        Space.Ticket is null || _ticketHolders.ContainsKey(userId) || StageRole(userId) is not null || Space.Invited.Contains(userId);

    private Task CloseTicketSalesAsync() => Space.Ticket is null ? Task.CompletedTask : BoxOffice.CloseSalesAsync();

    /// <summary>Refunds every ticket of a canceled Space. Whatever cancels a Space (the host, the schedule grace) calls this after committing.</summary>
    private async Task RefundAllTicketsAsync()
    {
        if (Space.Ticket is null)
        {
            return;
        }

        await BoxOffice.RefundAllAsync();
        _ticketHolders.Clear();
    }

    private TicketView? TicketSummary() =>
        Space.Ticket is { } terms ? new TicketView(terms.Price, terms.Currency, terms.Capacity, _ticketHolders.Count) : null;
}
