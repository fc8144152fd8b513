using System.Text.RegularExpressions;

namespace Spaces.Analytics.Tests.Infrastructure;

/// <summary>The SQL of tools/Analytics/README.md, by the heading above each block, read from the repository.</summary>
public static partial class Readme
{
    public static IReadOnlyDictionary<string, string> Queries()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Spaces.sln")))
        {
            root = root.Parent;
        }

        var readme = File.ReadAllText(Path.Combine(
            root?.FullName ?? throw new InvalidOperationException("Spaces.sln not found above the test output."), "tools", "Analytics", "README.md"));
        return QueryBlock().Matches(readme).ToDictionary(m => m.Groups["title"].Value.Trim(), m => m.Groups["sql"].Value);
    }

    // A "### Title" heading, any prose, then the first ```sql block before the next heading.
    [GeneratedRegex(@"^### (?<title>[^\n]+)\n(?:(?!^#)[^`]|`(?!``sql))*```sql\n(?<sql>.*?)```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex QueryBlock();
}
