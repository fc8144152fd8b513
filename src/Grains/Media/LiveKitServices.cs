using Microsoft.Extensions.Logging;
using Spaces.Contracts;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.RoomService;

namespace Spaces.Grains.Media;

/// <summary>
/// What room operations call: LiveKit's RoomService and Egress, and the way back to the Space for answers its
/// state needs (an egress id), delivered as the same <see cref="MediaEvent"/>s webhooks produce.
/// </summary>
internal sealed partial class LiveKitServices(RoomServiceClient rooms, EgressClient egress, IGrainFactory grains, ILogger<LiveKitServices> logger)
{
    public RoomServiceClient Rooms { get; } = rooms;

    public EgressClient Egress { get; } = egress;

    /// <summary>
    /// Hands LiveKit's answer to the Space. Never throws: the egress webhooks carry the same news, so a Space that
    /// cannot be reached now still hears it (and the room's queue must not stop over it).
    /// </summary>
    public async Task ReportAsync(string room, MediaEvent mediaEvent)
    {
        try
        {
            await grains.GetGrain<ISpaceGrain>(room).ApplyMediaEventAsync(mediaEvent);
        }
        catch (Exception e)
        {
            LogReportFailed(logger, e, room, mediaEvent.Kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Space {Room} could not be told about {Kind}; its LiveKit webhook will tell it")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string room, MediaEventKind kind);
}
