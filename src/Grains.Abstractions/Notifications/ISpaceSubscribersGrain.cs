using Orleans.Concurrency;

namespace Spaces.Contracts;

/// <summary>The users who set a reminder for one Space; it notifies them all without the Space grain looping over them.</summary>
public interface ISpaceSubscribersGrain : IGrainWithStringKey
{
    /// <summary>Adds or removes the user; returns the number of subscribers after the change.</summary>
    Task<int> SetAsync(string userId, bool subscribed);

    /// <summary>Sends the notification to every subscriber's inbox, in the background.</summary>
    [OneWay]
    Task NotifyAllAsync(Notification notification);
}
