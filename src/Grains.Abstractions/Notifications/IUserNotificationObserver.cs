using Orleans.Concurrency;

namespace Spaces.Contracts;

/// <summary>One gateway's inbox for the notifications of the users whose sockets it holds.</summary>
public interface IUserNotificationObserver : IGrainObserver
{
    [OneWay]
    Task OnNotificationAsync(string userId, Notification notification);
}
