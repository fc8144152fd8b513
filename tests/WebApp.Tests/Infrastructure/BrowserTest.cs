using Microsoft.Playwright;

namespace Spaces.WebApp.Tests.Infrastructure;

/// <summary>A browser test: opens browser profiles on the shared gateway and closes them when the test ends.</summary>
[Collection(WebAppCollection.Name)]
public abstract class BrowserTest(WebAppHost app) : IAsyncLifetime
{
    // Waits are upper bounds, never sleeps. Expectations wait longer than the app's own slowest bound (the audio
    // connect gives up after 8 s) so a loaded CI box still sees the state the app settles in.
    private const int ActionTimeoutMs = 10_000;
    private const int ExpectTimeoutMs = 15_000;

    private readonly List<IBrowserContext> _contexts = [];

    static BrowserTest() => Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);

    protected WebAppHost App => app;

    protected ApiClient Api => app.Api;

    /// <summary>A fresh browser profile (its own storage, so its own signed-in user) at phone (390×844) or desktop size.</summary>
    protected async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(ActionTimeoutMs);
        return await context.NewPageAsync();
    }

    /// <summary>A live Space created by a new host over the API, with the host in it.</summary>
    protected async Task<(string SpaceId, string HostToken)> LiveSpaceAsync(string title, object? ticket = null)
    {
        var hostToken = await Api.TokenAsync(Ui.UserId(Ui.NewName("Host")));
        var spaceId = await Api.CreateSpaceAsync(hostToken, ticket is null ? new { title } : new { title, ticket });
        await Api.PostAsync($"/v1/spaces/{spaceId}/join", hostToken);
        return (spaceId, hostToken);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
