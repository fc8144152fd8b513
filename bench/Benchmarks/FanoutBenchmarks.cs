using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spaces.Contracts;

namespace Spaces.Benchmarks;

/// <summary>
/// The gateway's end of fan-out: one Space event handed to the gateway's observer (as the SpaceGrain sends it),
/// serialized once and queued to 10,000 subscribed sockets. The gateway runs in-process on ASP.NET Core's
/// in-memory test server, so the sockets are in-memory WebSockets, each drained by a reader; every iteration
/// waits until all of them received all its events, so no queue overflows and nothing is measured twice.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(EventsPerIteration, 1)]
public class FanoutBenchmarks
{
    private const int Sockets = 10_000;
    private const int EventsPerIteration = 32;
    private readonly List<WebSocket> _sockets = [];
    private WebApplicationFactory<Program> _gateway = null!;
    private ISpaceEventObserver _hub = null!;
    private string _spaceId = null!;
    private long _seq;
    private long _dispatched;
    private long _received;

    [GlobalSetup]
    public async Task SubscribeSocketsAsync()
    {
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSolutionRelativeContentRoot("src/Gateway"); // run from inside the repository
            web.UseSetting("Gateway:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Gateway:SiloGatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Logging:LogLevel:Default", "Critical"); // the sockets aborted at cleanup log errors
        });
        using var http = _gateway.CreateClient();
        var admin = await TokenAsync(http, "bench-admin", admin: true);
        var host = await TokenAsync(http, "bench-host");
        using (var followers = new HttpRequestMessage(HttpMethod.Put, "/v1/admin/users/bench-host/followers") { Content = JsonContent.Create(new { count = 1000 }) })
        {
            followers.Headers.Authorization = new("Bearer", admin);
            (await http.SendAsync(followers)).EnsureSuccessStatusCode();
        }

        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/spaces") { Content = JsonContent.Create(new { title = "Fan-out benchmark" }) };
        create.Headers.Authorization = new("Bearer", host);
        var created = await (await http.SendAsync(create)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        _spaceId = created!["id"]!.GetValue<string>();
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, Sockets).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await SubscribeAsync(http, $"bench-listener-{i}");
            }
            finally
            {
                gate.Release();
            }
        }));
        _hub = _gateway.Services.GetServices<IHostedService>().OfType<ISpaceEventObserver>().Single();
        Interlocked.Exchange(ref _received, 0);
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Abort();
        }

        await _gateway.DisposeAsync();
    }

    [Benchmark(Description = "one event serialized and queued to 10,000 sockets")]
    public Task FanOutOneEvent()
    {
        _dispatched++;
        return _hub.OnSpaceEventAsync(new AudienceCount(1, Sockets) { SpaceId = _spaceId, Seq = ++_seq, At = DateTimeOffset.UtcNow });
    }

    [IterationCleanup]
    public void WaitForDelivery()
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (Interlocked.Read(ref _received) < _dispatched * Sockets)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Only {_received} of {_dispatched * Sockets} frames arrived.");
            }

            Thread.Sleep(5);
        }
    }

    private async Task SubscribeAsync(HttpClient http, string userId)
    {
        var token = await TokenAsync(http, userId);
        var client = _gateway.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
        var socket = await client.ConnectAsync(new Uri("ws://localhost/v1/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"subscribe","space_id":"{{_spaceId}}"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var answer = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var subscribed = JsonNode.Parse(buffer.AsSpan(0, answer.Count))!;
        lock (_sockets)
        {
            _sockets.Add(socket);
            _seq = Math.Max(_seq, subscribed["seq"]!.GetValue<long>());
        }

        _ = DrainAsync(socket);
    }

    private async Task DrainAsync(WebSocket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage)
                {
                    Interlocked.Increment(ref _received);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // Aborted at cleanup.
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string userId, bool admin = false)
    {
        object body = admin ? new { user_id = userId, display_name = userId, roles = new[] { "admin" } } : new { user_id = userId, display_name = userId };
        var answer = await (await http.PostAsJsonAsync("/v1/dev/token", body)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        return answer!["token"]!.GetValue<string>();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
