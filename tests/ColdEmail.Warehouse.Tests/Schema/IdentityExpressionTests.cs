using System.Globalization;
using System.Text.RegularExpressions;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.Tests.Schema;

/// <summary>
/// BigQuery cannot run here, so its view is held to the C# normaliser textually: the characters it trims and the
/// characters that exclude an address are decoded from the SQL and compared with <see cref="EmailIdentity"/>
/// code point by code point (DuckDB and PostgreSQL are compared the same way, on top of their behavioural tests).
/// </summary>
public sealed partial class IdentityExpressionTests
{
    private static string View(string dialect) => SqlScripts.Get(dialect, "v_lead_eligibility").Text;

    private static readonly int[] TrimSet = EmailIdentity.TrimmedCharacters.Select(c => (int)c).Order().ToArray();

    private static readonly int[] ForbiddenSet = Enumerable.Range(0, 0x10000).Where(c => EmailIdentity.IsForbidden((char)c)).ToArray();

    [Fact]
    public void BigQuery_trims_the_same_characters_as_csharp()
    {
        var m = Regex.Match(View(SqlScripts.BigQuery), @"TRIM\(l\.email, '((?:\\u[0-9A-Fa-f]{4})+)'\)");
        Assert.True(m.Success, "the BigQuery view trims l.email with a \\u-escaped character set");
        Assert.Equal(TrimSet, DecodeEscapes(m.Groups[1].Value));
    }

    [Fact]
    public void BigQuery_and_DuckDB_exclude_with_the_same_character_class_as_csharp()
    {
        var bq = Regex.Match(View(SqlScripts.BigQuery), @"REGEXP_CONTAINS\(r\.email, r'(\[[^']+\])'\) THEN '" + Regex.Escape(EmailIdentity.WhiteSpaceReason) + "'");
        var duck = Regex.Match(View(SqlScripts.DuckDb), @"regexp_matches\(r\.email, '(\[[^']+\])'\) THEN '" + Regex.Escape(EmailIdentity.WhiteSpaceReason) + "'");
        Assert.True(bq.Success && duck.Success);
        Assert.Equal(bq.Groups[1].Value, duck.Groups[1].Value); // both RE2: the same text
        Assert.Equal(ForbiddenSet, DecodeRe2Class(bq.Groups[1].Value));
    }

    [Fact]
    public void BigQuery_lower_cases_only_ascii_and_excludes_the_rest_with_the_csharp_reasons()
    {
        var sql = View(SqlScripts.BigQuery);
        Assert.Contains("IF(BYTE_LENGTH(l.trimmed_email) = CHAR_LENGTH(l.trimmed_email), LOWER(l.trimmed_email), l.trimmed_email) AS email", sql, StringComparison.Ordinal);
        Assert.Contains($"WHEN BYTE_LENGTH(r.email) <> CHAR_LENGTH(r.email) THEN '{EmailIdentity.NonAsciiReason}'", sql, StringComparison.Ordinal);
        Assert.Contains($"THEN '{EmailIdentity.AtSignReason}'", sql, StringComparison.Ordinal);
        Assert.Contains("TO_HEX(SHA256(r.email))", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void DuckDB_and_PostgreSQL_spell_the_same_sets()
    {
        var duck = Regex.Match(View(SqlScripts.DuckDb), @"ELSE TRIM\(email, ((?:chr\(\d+\)(?: \|\| )?)+)\)");
        Assert.True(duck.Success);
        Assert.Equal(TrimSet, Regex.Matches(duck.Groups[1].Value, @"chr\((\d+)\)").Select(x => int.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)).Order());

        var pg = View(SqlScripts.Postgres);
        var pgTrim = Regex.Match(pg, @"btrim\(l\.email, E'((?:\\u[0-9A-Fa-f]{4})+)'\)");
        Assert.True(pgTrim.Success);
        Assert.Equal(TrimSet, DecodeEscapes(pgTrim.Groups[1].Value));
        var pgClass = Regex.Match(pg, @"r\.email ~ '(\[[^']+\])'");
        Assert.True(pgClass.Success);
        // PostgreSQL text cannot hold NUL, so its class starts at U+0001.
        Assert.Equal(ForbiddenSet.Where(c => c != 0), DecodePgClass(pgClass.Groups[1].Value));
    }

    private static int[] DecodeEscapes(string s) =>
        EscapePattern().Matches(s).Select(m => int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).Order().ToArray();

    private static int[] DecodeRe2Class(string cls) => Expand(cls, @"\\x\{([0-9A-Fa-f]+)\}");

    private static int[] DecodePgClass(string cls) => Expand(cls, @"\\u([0-9A-Fa-f]{4})");

    /// <summary>Expands "[a-b c ...]" where every member is an escape matching <paramref name="escape"/>.</summary>
    private static int[] Expand(string cls, string escape)
    {
        Assert.StartsWith("[", cls, StringComparison.Ordinal);
        Assert.EndsWith("]", cls, StringComparison.Ordinal);
        var body = cls[1..^1];
        var member = new Regex($"^(?:{escape})(?:-(?:{escape}))?");
        var set = new SortedSet<int>();
        while (body.Length > 0)
        {
            var m = member.Match(body);
            Assert.True(m.Success, $"unexpected class member at '{body}'");
            var from = int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var to = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) : from;
            for (var c = from; c <= to; c++) set.Add(c);
            body = body[m.Length..];
        }
        return set.ToArray();
    }

    [GeneratedRegex(@"\\u([0-9A-Fa-f]{4})")]
    private static partial Regex EscapePattern();
}
