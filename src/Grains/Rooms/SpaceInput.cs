using System.Globalization;
using System.Text.RegularExpressions;
using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>The rules for what a host types into a Space: each failure names its field.</summary>
internal static partial class SpaceInput
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex TopicIdPattern();

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex LangPattern();

    public static string Title(string? title, SpacesOptions options)
    {
        var trimmed = title?.Trim();
        if (string.IsNullOrEmpty(trimmed) || TextInput.IsInvisible(trimmed))
        {
            throw SpacesException.Invalid("title", ErrorCodes.TitleRequired, "title is required and must have visible characters.");
        }

        // Counted as people see characters (an emoji is one), as X counts titles.
        if (new StringInfo(trimmed).LengthInTextElements > options.MaxTitleLength)
        {
            throw SpacesException.Invalid("title", ErrorCodes.TitleTooLong, $"title must be at most {options.MaxTitleLength} characters.");
        }

        if (TextInput.HasControl(trimmed))
        {
            throw SpacesException.Invalid("title", ErrorCodes.InvalidField, "title must not contain control characters.");
        }

        return trimmed;
    }

    public static DateTimeOffset ScheduledStart(DateTimeOffset at, DateTimeOffset now, SpacesOptions options)
    {
        if (at <= now)
        {
            throw SpacesException.Invalid("scheduled_start", ErrorCodes.InvalidSchedule, "scheduled_start must be in the future.");
        }

        if (at > now + options.MaxScheduleAhead)
        {
            throw SpacesException.Invalid(
                "scheduled_start", ErrorCodes.InvalidSchedule, $"scheduled_start must be at most {options.MaxScheduleAhead.TotalDays:0.##} days ahead.");
        }

        return at.ToUniversalTime();
    }

    public static List<string> Topics(IReadOnlyList<string>? topicIds, SpacesOptions options)
    {
        if (topicIds is null)
        {
            return [];
        }

        if (topicIds.Count > options.MaxTopics)
        {
            throw SpacesException.Invalid("topic_ids", ErrorCodes.InvalidField, $"topic_ids may hold at most {options.MaxTopics} topics.");
        }

        if (topicIds.Any(t => t is null || !TopicIdPattern().IsMatch(t)))
        {
            throw SpacesException.Invalid("topic_ids", ErrorCodes.InvalidField, "each topic id is 1-32 letters, digits, '_' or '-'.");
        }

        return topicIds.Distinct(StringComparer.Ordinal).ToList();
    }

    public static string? Lang(string? lang)
    {
        if (lang is null)
        {
            return null;
        }

        var normalized = lang.ToLowerInvariant();
        if (!LangPattern().IsMatch(normalized))
        {
            throw SpacesException.Invalid("lang", ErrorCodes.InvalidField, "lang must be a two-letter ISO 639-1 code such as \"en\".");
        }

        return normalized;
    }
}
