using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>
/// Bodies are bounded while they are read, before parsing or signature checks: 64 KB for the API, 256 KB for
/// webhooks. Over raw sockets, as an attacker sends them: chunked (no Content-Length) and with a declared length.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class RequestBodyLimitTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const int OversizedBytes = 25 * 1024 * 1024;

    [Theory]
    [InlineData("/v1/webhooks/livekit")]
    [InlineData("/v1/webhooks/payments")]
    public async Task A_chunked_unsigned_webhook_over_the_bound_is_a_413_before_the_signature_check(string path)
    {
        var (status, body) = await PostChunkedAsync(path, OversizedBytes);

        Assert.Equal(413, status);
        Assert.Equal("body_too_large", JsonNode.Parse(body)!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_webhook_declaring_a_length_over_the_bound_is_a_413_problem()
    {
        using var content = new ByteArrayContent(new byte[300 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await host.Api.Http.PostAsync("/v1/webhooks/livekit", content);

        await Api.ExpectProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large", "body");
    }

    [Fact]
    public async Task An_api_body_over_64_KB_is_a_413_whether_declared_or_chunked()
    {
        var user = await host.Api.UserAsync("big", followers: 600);
        var title = new string('a', 70 * 1024);

        var declared = await host.Api.SendRawAsync(HttpMethod.Post, "/v1/spaces", user.Token, $$"""{"title":"{{title}}"}""");
        // An open JSON string: the parser can only stop at the bound, never sooner on a syntax error.
        var (status, body) = await PostChunkedAsync("/v1/spaces", 1024 * 1024, user.Token, prefix: "{\"title\":\"");

        await Api.ExpectProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        Assert.Equal((413, "body_too_large"), (status, JsonNode.Parse(body)!["code"]!.GetValue<string>()));
    }

    /// <summary>
    /// Eight concurrent 25 MB chunked posts: before the bound each was read whole (0.8 → 1.7 GB RSS). Now the
    /// gateway buffers at most the 256 KB bound per request, so the whole process allocates under 64 MB for 200 MB sent.
    /// </summary>
    [Fact]
    public async Task Concurrent_oversized_posts_allocate_a_bounded_amount()
    {
        await PostChunkedAsync("/v1/webhooks/livekit", 1024 * 1024); // warm up the route
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostChunkedAsync("/v1/webhooks/livekit", OversizedBytes)));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.All(results, r => Assert.Equal(413, r.Status));
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB");
    }

    /// <summary>
    /// Sends a chunked body (<paramref name="prefix"/>, then <paramref name="bytes"/> of 'a') until the server answers
    /// or closes; returns its status and body.
    /// </summary>
    private async Task<(int Status, string Body)> PostChunkedAsync(string path, int bytes, string? token = null, string prefix = "")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                   + (token is null ? "" : $"Authorization: Bearer {token}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var reading = ReadResponseAsync(stream);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'a');
        var chunkHeader = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        try
        {
            if (prefix.Length > 0)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{prefix.Length:x}\r\n{prefix}\r\n"));
            }

            for (var sent = 0; sent < bytes && !reading.IsCompleted; sent += chunk.Length)
            {
                await stream.WriteAsync(chunkHeader);
                await stream.WriteAsync(chunk);
                await stream.WriteAsync("\r\n"u8.ToArray());
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server answered and closed the connection mid-body: what we want to see.
        }

        return await reading;
    }

    private static async Task<(int Status, string Body)> ReadResponseAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
                if (Parse(received.ToArray()) is { } complete)
                {
                    return complete;
                }
            }
        }
        catch (IOException)
        {
            // Reset after the answer: parse what arrived.
        }

        return Parse(received.ToArray()) ?? throw new InvalidOperationException($"no complete response: {Encoding.ASCII.GetString(received.ToArray())}");
    }

    /// <summary>A complete HTTP/1.1 response (Content-Length or chunked), or null while it is incomplete.</summary>
    private static (int Status, string Body)? Parse(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var status = int.Parse(text.AsSpan(9, 3));
        var headers = text[..end];
        var rest = text[(end + 4)..];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var body = new StringBuilder();
            while (true)
            {
                var line = rest.IndexOf("\r\n", StringComparison.Ordinal);
                if (line < 0)
                {
                    return null;
                }

                var size = Convert.ToInt32(rest[..line], 16);
                if (size == 0)
                {
                    return (status, body.ToString());
                }

                if (rest.Length < line + 2 + size + 2)
                {
                    return null;
                }

                body.Append(rest, line + 2, size);
                rest = rest[(line + 2 + size + 2)..];
            }
        }

        var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
            ? int.Parse(header["Content-Length:".Length..].Trim())
            : 0;
        return rest.Length >= length ? (status, rest[..length]) : null;
    }
}
