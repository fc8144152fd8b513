using Microsoft.Extensions.Logging;
using Orleans.Core;
using Spaces.Contracts;

namespace Spaces.Grains.Turns;

/// <summary>
/// A grain that changes its state first and lets side effects out after (architecture rule 5), by construction:
/// a turn adds its effects to <see cref="Effects"/>; <see cref="CommitAsync"/> stores the state and only then
/// releases them; a turn that ends without a write releases what it held when it ends; a turn that fails
/// releases nothing. A failed write reloads the stored state and answers <see cref="ErrorCodes.StorageUnavailable"/>.
/// </summary>
internal abstract partial class CommittingGrain : Grain, IIncomingGrainCallFilter
{
    private readonly IStorage _storage;
    private readonly ILogger _logger;

    protected CommittingGrain(IStorage storage, ILogger logger)
    {
        _storage = storage;
        _logger = logger;
    }

    /// <summary>The current turn's side effects, held until the state they follow is stored.</summary>
    protected SideEffects Effects { get; } = new();

    /// <summary>The grain call whose turn runs now; null in a timer's turn.</summary>
    protected IIncomingGrainCallContext? CurrentCall { get; private set; }

    /// <summary>Every grain call is a turn: its effects go out when it succeeds, and never when it fails.</summary>
    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        CurrentCall = context;
        try
        {
            await RunTurnAsync(context.Invoke);
        }
        finally
        {
            CurrentCall = null;
        }
    }

    /// <summary>Runs a turn that does not arrive as a grain call (a timer tick) with the same ending.</summary>
    protected async Task RunTurnAsync(Func<Task> turn)
    {
        try
        {
            await turn();
        }
        catch
        {
            Effects.Discard();
            throw;
        }

        await Effects.ReleaseAsync();
    }

    /// <summary>
    /// Stores the state, then releases the effects held so far. When storage refuses the write, none is released,
    /// the stored state is read back (so memory matches storage) and the caller gets a 503-class
    /// <see cref="ErrorCodes.StorageUnavailable"/>: nothing changed.
    /// </summary>
    protected async Task CommitAsync()
    {
        try
        {
            await _storage.WriteStateAsync();
        }
        catch (Exception e)
        {
            var dropped = Effects.Discard();
            LogWriteFailed(e, GrainContext.GrainId, dropped);
            await ReloadAsync();
            throw SpacesException.Unavailable(ErrorCodes.StorageUnavailable, "The change could not be stored, so nothing changed; try again shortly.");
        }

        await Effects.ReleaseAsync();
    }

    /// <summary>Called after a failed write read the stored state back: rebuild whatever is derived from it.</summary>
    protected virtual void OnStateReloaded()
    {
    }

    private async Task ReloadAsync()
    {
        try
        {
            await _storage.ReadStateAsync();
            OnStateReloaded();
        }
        catch (Exception e)
        {
            // Memory holds a change storage never saw: this activation must not serve another call.
            LogReloadFailed(e, GrainContext.GrainId);
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage refused the write of {GrainId}; {Dropped} side effects dropped, state reloaded")]
    private partial void LogWriteFailed(Exception exception, GrainId grainId, int dropped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage could not reload {GrainId} after a failed write; deactivating it")]
    private partial void LogReloadFailed(Exception exception, GrainId grainId);
}
