namespace Spaces.Gateway.Hosting;

/// <summary>The web app (static files in wwwroot) at "/", on the API's own origin so it needs no CORS.</summary>
public static class WebAppHosting
{
    public static WebApplication UseSpacesWebApp(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
