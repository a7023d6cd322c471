using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdEmail.Warehouse.Schema;

/// <summary>
/// The statements of the adapters, one file each under <c>sql/&lt;dialect&gt;/queries/&lt;port&gt;/</c> (embedded): the C#
/// adapters hold no dialect SQL of their own, only the parameters. A file may have placeholders <c>${name}</c> for the
/// parts that are decided at run time (the routing rendered from configuration, a table name, a staging source);
/// every placeholder must be filled, so a file and its caller cannot drift apart silently.
/// </summary>
public static partial class SqlQueries
{
    private const string Folder = "queries/";

    private static readonly FrozenDictionary<string, string> Texts = Load();

    /// <summary>The statement <paramref name="name"/> (<c>port/statement</c>) of <paramref name="dialect"/>, its placeholders filled.</summary>
    public static string Render(string dialect, string name, params (string Name, object? Value)[] holes)
    {
        if (!Texts.TryGetValue($"sql/{dialect}/{Folder}{name}.sql", out var text))
            throw new InvalidOperationException($"sql/{dialect}/{Folder}{name}.sql is not embedded in the warehouse assembly");
        foreach (var (hole, value) in holes)
            text = text.Replace("${" + hole + "}", Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
        var left = Placeholder().Match(text);
        if (left.Success)
            throw new InvalidOperationException($"sql/{dialect}/{Folder}{name}.sql: placeholder {left.Value} was not filled");
        return text;
    }

    /// <summary>Every embedded statement name of <paramref name="dialect"/> (for tests).</summary>
    public static IReadOnlyList<string> Names(string dialect)
    {
        var prefix = $"sql/{dialect}/{Folder}";
        return Texts.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..^4]).Order(StringComparer.Ordinal).ToList();
    }

    private static FrozenDictionary<string, string> Load()
    {
        var asm = typeof(SqlQueries).Assembly;
        return asm.GetManifestResourceNames()
            .Where(n => n.Contains("/" + Folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .ToFrozenDictionary(n => n, n =>
            {
                using var stream = asm.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                // Files end with a newline; the statement (or fragment) is what precedes it.
                return reader.ReadToEnd().TrimEnd('\r', '\n');
            }, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$\{\w+\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
