using System.Text.Json;
using Spaces.Contracts;

namespace Spaces.Gateway.Realtime;

/// <summary>The protocol on one socket: subscribe (with resume), unsubscribe, ping.</summary>
internal sealed class RealtimeSession(ClientConnection connection, SpaceFeedHub hub, RealtimeJson json, RealtimeOptions options, TimeProvider time)
{
    private readonly Dictionary<string, SpaceSubscription> _subscriptions = new(StringComparer.Ordinal);

    // Refused subscribes count against the socket's limit too: a socket cannot probe ids without end.
    private int _failedSubscribes;

    public async Task RunAsync()
    {
        try
        {
            await connection.RunAsync(OnMessageAsync);
        }
        finally
        {
            foreach (var (spaceId, subscription) in _subscriptions)
            {
                hub.Unsubscribe(subscription, spaceId);
            }
        }
    }

    private async Task OnMessageAsync(ReadOnlyMemory<byte> message)
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

        if (_subscriptions.Remove(spaceId, out var previous))
        {
            // Subscribing again (typically with since_seq) restarts the subscription from the asked point.
            hub.Unsubscribe(previous, spaceId);
        }
        else if (_subscriptions.Count + _failedSubscribes >= options.MaxSubscriptionsPerSocket)
        {
            Reply(new ErrorFrame(ErrorCodes.TooManySubscriptions, $"A socket may follow at most {options.MaxSubscriptionsPerSocket} Spaces.", spaceId));
            return;
        }

        try
        {
            var subscription = await hub.SubscribeAsync(connection, spaceId, request.SinceSeq);
            _subscriptions[spaceId] = subscription;
            Reply(new SubscribedFrame(spaceId, subscription.LastSeq));
        }
        catch (SpacesException e)
        {
            _failedSubscribes++;
            Reply(new ErrorFrame(e.Code, e.Message, spaceId, e.Field));
        }
    }

    private void Unsubscribe(ClientMessage request)
    {
        if (request.SpaceId is { } spaceId && _subscriptions.Remove(spaceId, out var subscription))
        {
            hub.Unsubscribe(subscription, spaceId);
        }

        Reply(new UnsubscribedFrame(request.SpaceId ?? ""));
    }

    private void Reply(ControlFrame frame) => connection.Send(json.SerializeControl(frame));

    private sealed record ClientMessage(string? Type, string? SpaceId, long? SinceSeq);
}
