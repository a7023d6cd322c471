using System.Collections.Frozen;
using System.Reflection;

namespace ColdEmail.Domain.Verification;

/// <summary>
/// A word list shipped as an embedded data file (Data/*.txt): one entry per line, <c>#</c> starts a
/// comment, blank lines ignored, entries trimmed and lower-cased. Lists are data, not code, so
/// updating one is a one-line change a reviewer can read.
/// </summary>
public sealed class DomainList
{
    private readonly FrozenSet<string> _entries;

    public string Name { get; }
    public int Count => _entries.Count;
    public IReadOnlySet<string> Entries => _entries;

    public DomainList(string name, IEnumerable<string> lines)
    {
        Name = name;
        _entries = Parse(lines).ToFrozenSet(StringComparer.Ordinal);
    }

    public bool Contains(string value) => _entries.Contains(value.Trim().ToLowerInvariant());

    /// <summary>True when the domain or any parent domain is listed (mx.mailinator.com matches mailinator.com).</summary>
    public bool ContainsDomainOrParent(string domain)
    {
        var d = domain.Trim().ToLowerInvariant();
        while (true)
        {
            if (_entries.Contains(d)) return true;
            var dot = d.IndexOf('.');
            if (dot < 0) return false;
            d = d[(dot + 1)..];
        }
    }

    public static IEnumerable<string> Parse(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var hash = line.IndexOf('#');
            var entry = (hash >= 0 ? line[..hash] : line).Trim().ToLowerInvariant();
            if (entry.Length > 0) yield return entry;
        }
    }

    public static DomainList FromEmbedded(string fileName)
    {
        var assembly = typeof(DomainList).Assembly;
        var resource = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"embedded data file '{fileName}' is missing from {assembly.GetName().Name}; resources: {string.Join(", ", assembly.GetManifestResourceNames())}");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return new DomainList(fileName, lines);
    }

    public static readonly Lazy<DomainList> RoleAccounts = new(() => FromEmbedded("role_accounts.txt"));
    public static readonly Lazy<DomainList> FreeMail = new(() => FromEmbedded("free_mail_domains.txt"));
    public static readonly Lazy<DomainList> Disposable = new(() => FromEmbedded("disposable_domains.txt"));
}
