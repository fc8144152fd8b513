using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Spaces.Gateway.Security;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>
/// What Kestrel refuses before the app sees it is still problem+json with a stable code; what the app writes, and
/// keep-alive and pipelined connections, are untouched.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class KestrelRejectionTests(GatewayHost host)
{
    public static TheoryData<string, int, string> Rejected => new()
    {
        { "GET /v1/spaces/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "bad_request" },
        { "NOT HTTP AT ALL\r\n\r\n", 400, "bad_request" },
        { $"GET /v1/{new string('a', 40 * 1024)} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414, "uri_too_long" },
        { $"GET /v1/spaces/live HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('b', 70 * 1024)}\r\n\r\n", 431, "headers_too_large" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_request_Kestrel_refuses_is_answered_with_a_problem(string request, int status, string code)
    {
        await using var connection = await RawHttp.ConnectAsync(host.BaseAddress);

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("close", response.Header("Connection"));
        var problem = JsonNode.Parse(response.Body)!;
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.Equal(status, problem["status"]?.GetValue<int>());
        Assert.Equal($"https://spaces.dev/problems/{code}", problem["type"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        Assert.True(await connection.IsClosedAsync());
    }

    [Fact]
    public async Task Keep_alive_requests_and_the_apps_own_problems_are_untouched()
    {
        await using var connection = await RawHttp.ConnectAsync(host.BaseAddress);

        await connection.SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        await connection.SendAsync("GET /v1/nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var appProblem = await connection.ReadResponseAsync();
        await connection.SendAsync("HEAD /v1/nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var head = await connection.ReadResponseAsync(expectBody: false);
        await connection.SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var last = await connection.ReadResponseAsync();

        Assert.Equal(200, first.Status);
        Assert.Equal(404, appProblem.Status);
        Assert.Equal("route_not_found", JsonNode.Parse(appProblem.Body)!["code"]?.GetValue<string>());
        Assert.Equal(404, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal(200, last.Status);
        Assert.Null(last.Header("Connection"));
    }

    [Fact]
    public async Task In_a_pipeline_only_the_refused_request_gets_the_rewritten_problem()
    {
        await using var connection = await RawHttp.ConnectAsync(host.BaseAddress);

        await connection.SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\nGET /v1/nowhere HTTP/1.1\r\nHost: localhost\r\n\r\nGET /v1/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var healthy = await connection.ReadResponseAsync();
        var appProblem = await connection.ReadResponseAsync();
        var refused = await connection.ReadResponseAsync();

        Assert.Equal(200, healthy.Status);
        Assert.Equal("Healthy", healthy.Body);
        Assert.Equal("route_not_found", JsonNode.Parse(appProblem.Body)!["code"]?.GetValue<string>());
        Assert.Equal(400, refused.Status);
        Assert.Equal("bad_request", JsonNode.Parse(refused.Body)!["code"]?.GetValue<string>());
        Assert.True(await connection.IsClosedAsync());
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Tue, 01 Dec 2026 22:00:00 GMT\r\n\r\n", true)]
    [InlineData("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nDate: Tue, 01 Dec 2026 22:00:00 GMT\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n", false)]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nDate: Tue, 01 Dec 2026 22:00:00 GMT\r\n\r\n", false)]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", false)]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n", false)]
    public void Only_a_head_with_nothing_but_Kestrels_error_headers_is_rewritten(string head, bool rewritten)
    {
        Assert.Equal(rewritten, KestrelRejectionWriter.IsKestrelRejectionHead(Encoding.ASCII.GetBytes(head), out _));
    }

    /// <summary>One HTTP/1.1 connection spoken byte by byte, as a client that is not a browser would.</summary>
    private sealed class RawHttp(TcpClient client) : IAsyncDisposable
    {
        private readonly NetworkStream _stream = client.GetStream();
        private readonly List<byte> _buffered = [];
        private readonly CancellationToken _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

        public static async Task<RawHttp> ConnectAsync(Uri address)
        {
            var client = new TcpClient();
            await client.ConnectAsync(address.Host, address.Port);
            return new RawHttp(client);
        }

        public async Task SendAsync(string request)
        {
            try
            {
                await _stream.WriteAsync(Encoding.ASCII.GetBytes(request), _timeout);
            }
            catch (IOException)
            {
                // Kestrel may answer and close before an oversized request is fully sent; the answer is still readable.
            }
        }

        public async Task<Response> ReadResponseAsync(bool expectBody = true)
        {
            int headEnd;
            while ((headEnd = IndexOfHeadEnd()) < 0)
            {
                Assert.True(await FillAsync(), "The connection closed before a whole response head arrived.");
            }

            var head = Encoding.ASCII.GetString(_buffered.GetRange(0, headEnd).ToArray()).Split("\r\n");
            var headers = head.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(pair => pair[0], pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
            _buffered.RemoveRange(0, headEnd + 4);
            var body = !expectBody ? string.Empty
                : headers.ContainsKey("Transfer-Encoding") ? await ReadChunkedAsync()
                : await ReadBytesAsync(headers.TryGetValue("Content-Length", out var length) ? int.Parse(length) : 0);
            return new Response(int.Parse(head[0].Split(' ')[1]), headers, body);
        }

        private async Task<string> ReadChunkedAsync()
        {
            var body = new StringBuilder();
            while (true)
            {
                var size = Convert.ToInt32(await ReadLineAsync(), 16);
                body.Append(await ReadBytesAsync(size));
                await ReadLineAsync();
                if (size == 0)
                {
                    return body.ToString();
                }
            }
        }

        private async Task<string> ReadLineAsync()
        {
            int end;
            while ((end = Buffered().IndexOf("\r\n"u8)) < 0)
            {
                Assert.True(await FillAsync(), "The connection closed inside a chunked body.");
            }

            var line = await ReadBytesAsync(end);
            _buffered.RemoveRange(0, 2);
            return line;
        }

        private async Task<string> ReadBytesAsync(int count)
        {
            while (_buffered.Count < count)
            {
                Assert.True(await FillAsync(), "The connection closed before the whole body arrived.");
            }

            var text = Encoding.UTF8.GetString(Buffered()[..count]);
            _buffered.RemoveRange(0, count);
            return text;
        }

        public async Task<bool> IsClosedAsync() => _buffered.Count == 0 && !await FillAsync();

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }

        private async Task<bool> FillAsync()
        {
            var chunk = new byte[16 * 1024];
            int read;
            try
            {
                read = await _stream.ReadAsync(chunk, _timeout);
            }
            catch (IOException)
            {
                return false;
            }

            _buffered.AddRange(chunk.AsSpan(0, read));
            return read > 0;
        }

        private int IndexOfHeadEnd() => Buffered().IndexOf("\r\n\r\n"u8);

        private ReadOnlySpan<byte> Buffered() => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffered);
    }

    private sealed record Response(int Status, Dictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }
}
