using Spaces.LiveKit.Testing;

namespace Spaces.LiveKit.Tests;

/// <summary>A fresh <see cref="LiveKitTestServer"/> (dev key and secret) and an HttpClient per test.</summary>
public abstract class TestServerTestBase : IAsyncLifetime
{
    protected LiveKitTestServer Server { get; private set; } = null!;

    protected HttpClient Http { get; } = new();

    public async Task InitializeAsync() => Server = await LiveKitTestServer.StartAsync(TestKeys.ApiKey, TestKeys.ApiSecret);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
