namespace Spaces.Testing;

/// <summary>The repository the tests run from: the folder holding Spaces.sln, found above the test assembly.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Spaces.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Spaces.sln not found above the test output.");
    }
}
