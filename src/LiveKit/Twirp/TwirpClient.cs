using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Twirp;

/// <summary>
/// Calls one LiveKit Twirp service (such as <c>/twirp/livekit.Egress/</c>) with proto3-JSON bodies, a fresh
/// bearer token per call and the configured deadline. Failures surface as <see cref="LiveKitException"/> subtypes.
/// </summary>
internal sealed class TwirpClient
{
    private readonly HttpClient _http;
    private readonly AccessTokenIssuer _tokens;
    private readonly Uri _serviceUri;
    private readonly TimeSpan _timeout;

    /// <param name="servicePathPrefix">The service's path, such as "/twirp/livekit.RoomService/".</param>
    public TwirpClient(HttpClient http, LiveKitOptions options, AccessTokenIssuer tokens, string servicePathPrefix)
    {
        _http = http;
        _tokens = tokens;
        _timeout = options.RequestTimeout;
        // Relative to the API URL's path, so a server behind a path prefix works too.
        var apiUrl = options.ResolveApiUrl().ToString();
        _serviceUri = new Uri(new Uri(apiUrl.EndsWith('/') ? apiUrl : apiUrl + "/"), servicePathPrefix.TrimStart('/'));
    }

    public async Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request, VideoGrant grant, CancellationToken cancellationToken)
    {
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, ProtoJson.Options));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_serviceUri, method)) { Content = body };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.CreateServerToken(grant));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ReadErrorAsync(method, response, deadline.Token).ConfigureAwait(false);
            }

            return await JsonSerializer.DeserializeAsync<TResponse>(
                    await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false), ProtoJson.Options, deadline.Token).ConfigureAwait(false)
                ?? throw new LiveKitException($"LiveKit {method} returned a null body", null, response.StatusCode);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LiveKitUnavailableException($"LiveKit {method} timed out after {_timeout.TotalSeconds:0.###} s", null, null, e);
        }
        catch (HttpRequestException e)
        {
            throw new LiveKitUnavailableException($"LiveKit {method} could not reach {_serviceUri.GetLeftPart(UriPartial.Authority)}: {e.Message}", null, e.StatusCode, e);
        }
        catch (JsonException e)
        {
            throw new LiveKitException($"LiveKit {method} returned a body that is not the expected JSON: {e.Message}", null, null, e);
        }
    }

    private static async Task<LiveKitException> ReadErrorAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var error = TryParseTwirpError(body);
        var status = response.StatusCode;
        // Proxies answer with HTML or plain text, so fall back to the (trimmed) body as the message.
        var detail = error?.Msg ?? (body.Length > 200 ? body[..200] : body);
        var message = $"LiveKit {method} failed: {(int)status} {error?.Code ?? status.ToString()}: {detail}";

        // Only the Twirp code counts: a bare 404 more likely means a wrong ApiUrl than a missing room.
        if (error?.Code == "not_found")
        {
            return new LiveKitNotFoundException(message, error?.Code, status);
        }

        // Twirp's "unavailable", "internal" and "resource_exhausted" (rate limit) map to these statuses.
        return (int)status >= 500 || status == HttpStatusCode.TooManyRequests
            ? new LiveKitUnavailableException(message, error?.Code, status)
            : new LiveKitException(message, error?.Code, status);
    }

    private static TwirpError? TryParseTwirpError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<TwirpError>(body, ProtoJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The JSON body of a Twirp error response.</summary>
internal sealed record TwirpError(string? Code, string? Msg);
