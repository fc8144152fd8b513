using System.Globalization;

namespace Spaces.Grains;

/// <summary>What counts as text a person can see, for every free-text field (titles, names, bios).</summary>
internal static class TextInput
{
    /// <summary>True when nothing in <paramref name="text"/> shows: only spaces, zero-width and format characters, or blank "letters".</summary>
    public static bool IsInvisible(string text) => text.All(IsBlank);

    /// <summary>Control characters (NUL, BEL, escape…); line breaks only where <paramref name="allowLineBreaks"/>.</summary>
    public static bool HasControl(string text, bool allowLineBreaks = false) =>
        text.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r'));

    private static bool IsBlank(char c) =>
        char.IsWhiteSpace(c)
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
        // Hangul fillers and the blank Braille pattern render as nothing yet are letters/symbols to Unicode.
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
}
