using System.Security.Cryptography;
using System.Text;

namespace ColdEmail.Domain.Leads;

/// <summary>The outcome of <see cref="EmailIdentity.Normalise"/>: the normalised text and, when it cannot be an address, why.</summary>
public readonly record struct NormalisedEmail(string? Email, string? Reason)
{
    public bool IsUsable => Reason is null;
}

/// <summary>
/// The one way an email is normalised, in C# and in every SQL dialect's <c>v_lead_eligibility</c>
/// (sql/*/100_v_lead_eligibility.sql spell out the same character sets; a property test holds them together):
/// <list type="number">
/// <item>trim <see cref="TrimmedCharacters"/> (Unicode white space and the zero-width characters) from both ends;</item>
/// <item>an address that still contains one of <see cref="IsForbidden"/> (white space, zero width, control) is unusable;</item>
/// <item>an address with a non-ASCII character is unusable and keeps its case: lower-casing non-ASCII differs between
///   .NET, DuckDB, PostgreSQL (its LOWER follows the database's locale) and BigQuery, and no such address can be
///   enrolled anyway (the syntax check accepts ASCII only; international domains arrive as punycode);</item>
/// <item>an ASCII address is lower-cased (A–Z only, identical everywhere).</item>
/// </list>
/// </summary>
public static class EmailIdentity
{
    public const string MissingReason = "email is missing";
    public const string EmptyReason = "email is empty";
    public const string WhiteSpaceReason = "email contains white space or control characters";
    public const string NonAsciiReason = "email contains non-ASCII characters";
    public const string AtSignReason = "email does not contain exactly one @";

    /// <summary>
    /// Every character .NET's <see cref="char.IsWhiteSpace(char)"/> accepts, plus the zero-width space, non-joiner and
    /// joiner (U+200B–U+200D), the word joiner (U+2060) and the byte order mark (U+FEFF), which copy-paste and CSV
    /// exports leave around addresses and which no mail system treats as part of one.
    /// </summary>
    public static readonly string TrimmedCharacters =
        "\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680" +
        "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A" +
        "\u200B\u200C\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF";

    private static readonly char[] TrimArray = TrimmedCharacters.ToCharArray();

    public static bool IsTrimmed(char c) => TrimmedCharacters.Contains(c, StringComparison.Ordinal);

    /// <summary>A character no usable address contains: a trimmed character, or a C0/C1 control or DEL.</summary>
    public static bool IsForbidden(char c) => c <= '\u001F' || c is >= '\u007F' and <= '\u009F' || IsTrimmed(c);

    public static NormalisedEmail Normalise(string? raw)
    {
        if (raw is null) return new(null, MissingReason);
        var trimmed = raw.Trim(TrimArray);
        var ascii = true;
        var forbidden = false;
        foreach (var c in trimmed)
        {
            // "ASCII" as the SQL dialects test it: one UTF-8 byte per character (so U+0080–U+009F are not).
            if (c > '\u007F') ascii = false;
            if (IsForbidden(c)) forbidden = true;
        }
        var email = ascii ? trimmed.ToLowerInvariant() : trimmed;
        if (email.Length == 0) return new(email, EmptyReason);
        if (forbidden) return new(email, WhiteSpaceReason);
        if (!ascii) return new(email, NonAsciiReason);
        if (email.Count(c => c == '@') != 1) return new(email, AtSignReason);
        return new(email, null);
    }

    /// <summary>The normalised text of <paramref name="raw"/> even when it is unusable ("" for null): the key adapters look addresses up by.</summary>
    public static string Key(string? raw) => Normalise(raw).Email ?? "";

    /// <summary>SHA-256 of the normalised address's UTF-8 bytes, lower-case hex: what an erasure keeps.</summary>
    public static string Sha256Hex(string normalisedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalisedEmail)));
}
