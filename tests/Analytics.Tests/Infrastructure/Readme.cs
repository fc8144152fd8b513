using System.Text.RegularExpressions;

namespace Spaces.Analytics.Tests.Infrastructure;

/// <summary>The SQL of tools/Analytics/README.md, by the heading above each block, read from the repository.</summary>
public static partial class Readme
{
    public static IReadOnlyDictionary<string, string> Queries()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "tools", "Analytics", "README.md"));
        return QueryBlock().Matches(readme).ToDictionary(m => m.Groups["title"].Value.Trim(), m => m.Groups["sql"].Value);
    }

    // A "### Title" heading, any prose, then the first ```sql block before the next heading.
    [GeneratedRegex(@"^### (?<title>[^\n]+)\n(?:(?!^#)[^`]|`(?!``sql))*```sql\n(?<sql>.*?)```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex QueryBlock();
}
