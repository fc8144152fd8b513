using Spaces.Contracts;

namespace Spaces.Grains.Paging;

/// <summary>The one check of a page request: <c>limit</c> within bounds (else its default), <c>cursor</c> not negative.</summary>
internal static class PageRequest
{
    /// <summary>The page size to use: <paramref name="limit"/>, or <paramref name="defaultSize"/> when none was given.</summary>
    public static int Size(int? limit, int defaultSize, int maxSize)
    {
        var size = limit ?? defaultSize;
        return size >= 1 && size <= maxSize
            ? size
            : throw SpacesException.Invalid("limit", ErrorCodes.InvalidField, $"limit must be between 1 and {maxSize}.");
    }

    /// <summary>A numeric cursor (an ordinal from an earlier page's next_cursor); 0 when none was given.</summary>
    public static long After(long? cursor) => cursor switch
    {
        null => 0,
        < 0 => throw InvalidCursor(),
        _ => cursor.Value,
    };

    public static SpacesException InvalidCursor() =>
        SpacesException.Invalid("cursor", ErrorCodes.InvalidField, "cursor must be a value returned as next_cursor.");
}
