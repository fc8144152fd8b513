using System.Diagnostics.Metrics;

namespace Spaces.Gateway.Realtime;

/// <summary>Fan-out instruments, on the "Spaces.Gateway" meter.</summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Spaces.Gateway";

    private readonly UpDownCounter<long> _openSockets;
    private readonly Counter<long> _eventsReceived;
    private readonly Counter<long> _framesFannedOut;
    private readonly Counter<long> _slowClientsDropped;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _openSockets = meter.CreateUpDownCounter<long>("spaces.ws.open_sockets", "{socket}", "WebSockets open on this gateway.");
        _eventsReceived = meter.CreateCounter<long>("spaces.ws.events_received", "{event}", "Space events this gateway received from grains.");
        _framesFannedOut = meter.CreateCounter<long>("spaces.ws.events_fanned_out", "{frame}", "Event frames queued to local sockets.");
        _slowClientsDropped = meter.CreateCounter<long>("spaces.ws.slow_clients_dropped", "{socket}", "Sockets dropped for not keeping up.");
    }

    public void SocketOpened() => _openSockets.Add(1);

    public void SocketClosed() => _openSockets.Add(-1);

    public void EventReceived() => _eventsReceived.Add(1);

    public void FramesFannedOut(int frames) => _framesFannedOut.Add(frames);

    public void SlowClientDropped() => _slowClientsDropped.Add(1);
}
