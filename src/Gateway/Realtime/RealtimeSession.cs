using System.Text.Json;
using Spaces.Contracts;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Realtime;

/// <summary>The protocol on one socket: subscribe (with resume), unsubscribe, ping.</summary>
internal sealed class RealtimeSession(ClientConnection connection, SpaceFeedHub hub, RealtimeJson json, RealtimeOptions options, TimeProvider time)
    : IClientMessageHandler
{
    // Nearly every socket follows one Space: that subscription lives in a field, and a dictionary exists only from
    // the second Space on.
    private SpaceSubscription? _first;
    private Dictionary<string, SpaceSubscription>? _others;

    // Refused subscribes count against the socket's limit too: a socket cannot probe ids without end.
    private int _failedSubscribes;

    /// <summary>Serves the socket until it closes; its subscriptions end with it.</summary>
    public Task RunAsync() => connection.RunAsync(this);

    private int SubscriptionCount => (_first is null ? 0 : 1) + (_others?.Count ?? 0);

    public async Task OnMessageAsync(ReadOnlyMemory<byte> message)
    {
        ClientMessage? request;
        try
        {
            request = JsonSerializer.Deserialize<ClientMessage>(message.Span, json.Options);
        }
        catch (JsonException e)
        {
            Reply(new ErrorFrame(ErrorCodes.InvalidJson, "The message is not valid JSON of the expected shape.", Field: e.Path?.TrimStart('$', '.')));
            return;
        }

        switch (request?.Type)
        {
            case "subscribe":
                await SubscribeAsync(request);
                break;
            case "unsubscribe":
                Unsubscribe(request);
                break;
            case "ping":
                Reply(new PongFrame(time.GetUtcNow()));
                break;
            default:
                Reply(new ErrorFrame(ErrorCodes.InvalidField, "type must be subscribe, unsubscribe or ping.", Field: "type"));
                break;
        }
    }

    public void OnDisconnected()
    {
        if (_first is { } first)
        {
            hub.Unsubscribe(first);
        }

        foreach (var subscription in _others?.Values ?? Enumerable.Empty<SpaceSubscription>())
        {
            hub.Unsubscribe(subscription);
        }
    }

    private async Task SubscribeAsync(ClientMessage request)
    {
        if (!Ids.IsSpaceId(request.SpaceId))
        {
            Reply(new ErrorFrame(ErrorCodes.InvalidId, "space_id must be a Space id.", request.SpaceId, "space_id"));
            return;
        }

        var spaceId = request.SpaceId!;
        if (request.SinceSeq < 0)
        {
            Reply(new ErrorFrame(ErrorCodes.InvalidField, "since_seq must be zero or more.", spaceId, "since_seq"));
            return;
        }

        if (Remove(spaceId) is { } previous)
        {
            // Subscribing again (typically with since_seq) restarts the subscription from the asked point.
            hub.Unsubscribe(previous);
        }
        else if (SubscriptionCount + _failedSubscribes >= options.MaxSubscriptionsPerSocket)
        {
            Reply(new ErrorFrame(ErrorCodes.TooManySubscriptions, $"A socket may follow at most {options.MaxSubscriptionsPerSocket} Spaces.", spaceId));
            return;
        }

        try
        {
            var subscription = await hub.SubscribeAsync(connection, spaceId, request.SinceSeq);
            Add(subscription);
            Reply(new SubscribedFrame(spaceId, subscription.LastSeq));
        }
        catch (SpacesException e)
        {
            _failedSubscribes++;
            Reply(new ErrorFrame(e.Code, e.Message, spaceId, e.Field));
        }
        catch (Exception e) when (ProblemResponses.AsClusterUnavailable(e) is { } unavailable)
        {
            // Not the client's doing, so not counted against its limit: the socket stays, and the app subscribes again.
            Reply(new ErrorFrame(unavailable.Code, unavailable.Message, spaceId));
        }
    }

    private void Unsubscribe(ClientMessage request)
    {
        if (request.SpaceId is { } spaceId && Remove(spaceId) is { } subscription)
        {
            hub.Unsubscribe(subscription);
        }

        Reply(new UnsubscribedFrame(request.SpaceId ?? ""));
    }

    private void Add(SpaceSubscription subscription)
    {
        if (_first is null)
        {
            _first = subscription;
        }
        else
        {
            (_others ??= new Dictionary<string, SpaceSubscription>(StringComparer.Ordinal))[subscription.SpaceId] = subscription;
        }
    }

    private SpaceSubscription? Remove(string spaceId)
    {
        if (_first is { } first && first.SpaceId == spaceId)
        {
            _first = null;
            return first;
        }

        return _others is not null && _others.Remove(spaceId, out var other) ? other : null;
    }

    private void Reply(ControlFrame frame) => connection.Send(json.SerializeControl(frame));

    private sealed record ClientMessage(string? Type, string? SpaceId, long? SinceSeq);
}
