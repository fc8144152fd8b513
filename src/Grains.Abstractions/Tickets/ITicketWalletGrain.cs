namespace Spaces.Contracts;

/// <summary>The tickets one user bought (keyed by user id), kept current by each ticket.</summary>
public interface ITicketWalletGrain : IGrainWithStringKey
{
    Task RecordAsync(TicketDetails ticket);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<TicketDetails>> GetTicketsAsync();
}
