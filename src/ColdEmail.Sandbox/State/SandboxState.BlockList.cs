namespace ColdEmail.Sandbox.State;

/// <summary>
/// The workspace block list behind <c>/api/v2/block-lists-entries</c>, also used by <c>leads/add</c> and single create.
/// What the official schema leaves open is decided here (and documented in README.md): a value is valid when it is an
/// email or a domain; values match case-insensitively after trimming; a value already on the list counts as valid but is
/// not created again (so <c>items</c> holds only new entries); <c>search</c> is a case-insensitive substring match.
/// </summary>
public sealed partial class SandboxState
{
    private readonly LeadIds _blockIds = new();
    private readonly SortedList<UInt128, BlockListEntry> _blockOrder = [];
    private readonly Dictionary<string, BlockListEntry> _blockByMatch = new(StringComparer.Ordinal);
    private readonly List<BlockListWipe> _wipes = [];

    /// <summary>Every block-list entry, oldest first.</summary>
    public IReadOnlyList<BlockListSnapshot> BlockList
    {
        get { lock (Gate) return _blockOrder.Values.Select(e => e.Snapshot()).ToList(); }
    }

    /// <summary>Every call to <c>DELETE /api/v2/block-lists-entries</c> ("delete all", with or without filters). ColdEmail must never make one.</summary>
    public IReadOnlyList<BlockListWipe> BlockListWipes
    {
        get { lock (Gate) return _wipes.ToList(); }
    }

    /// <summary>Whether an email (or a domain) is blocked, by itself or by its domain.</summary>
    public bool IsOnBlockList(string emailOrDomain)
    {
        lock (Gate) return IsBlocked(NormaliseEmail(emailOrDomain));
    }

    /// <summary>The values, oldest first; the caller holds <see cref="Gate"/>.</summary>
    internal List<string> BlockValuesUnlocked() => _blockOrder.Values.Select(e => e.Value).ToList();

    public void SetBlocklist(IEnumerable<string> entries)
    {
        lock (Gate)
        {
            _blockOrder.Clear();
            _blockByMatch.Clear();
            foreach (var e in entries) AddBlockUnlocked(e);
        }
    }

    public void AddToBlocklist(string entry)
    {
        lock (Gate) AddBlockUnlocked(entry);
    }

    /// <summary>An email (one '@', valid) or a domain (no '@', at least one dot, letters, digits, '-' and '.').</summary>
    internal static bool IsValidBlockValue(string value, out bool isDomain)
    {
        var v = value.Trim();
        isDomain = !v.Contains('@');
        if (!isDomain) return IsValidEmail(v);
        if (v.Length is < 4 or > 253 || v.StartsWith('.') || v.EndsWith('.') || v.Contains("..", StringComparison.Ordinal) || !v.Contains('.'))
            return false;
        foreach (var c in v)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')) return false;
        return v[(v.LastIndexOf('.') + 1)..].Length >= 2;
    }

    /// <summary><c>bulk-create</c>: (entries created now, valid values, invalid values).</summary>
    internal (List<BlockListEntry> Created, int Valid, int Invalid) AddBlockValues(IReadOnlyList<string> values)
    {
        lock (Gate)
        {
            var created = new List<BlockListEntry>();
            int valid = 0, invalid = 0;
            foreach (var value in values)
            {
                if (!IsValidBlockValue(value, out _)) { invalid++; continue; }
                valid++;
                if (AddBlockUnlocked(value) is { } entry) created.Add(entry);
            }
            return (created, valid, invalid);
        }
    }

    /// <summary>Single create: the new entry, or the one already holding that value.</summary>
    internal BlockListEntry? AddBlockValue(string value)
    {
        if (!IsValidBlockValue(value, out _)) return null;
        lock (Gate) return AddBlockUnlocked(value) ?? _blockByMatch[value.Trim().ToLowerInvariant()];
    }

    internal BlockListEntry? GetBlockEntry(Guid id)
    {
        lock (Gate) return _blockOrder.GetValueOrDefault(LeadIds.Key(id));
    }

    /// <summary>PATCH: rewrites the value (which unblocks the old one — the danger the notes warn of). Null when unknown.</summary>
    internal (BlockListEntry? Entry, Refusal? Refusal) UpdateBlockEntry(Guid id, string value)
    {
        if (!IsValidBlockValue(value, out var isDomain)) return (null, new Refusal(400, $"body/bl_value '{value}' is not an email or a domain"));
        lock (Gate)
        {
            if (!_blockOrder.TryGetValue(LeadIds.Key(id), out var entry)) return (null, new Refusal(404, "Resource not found"));
            var match = value.Trim().ToLowerInvariant();
            if (_blockByMatch.TryGetValue(match, out var other) && other != entry)
                return (null, new Refusal(400, $"'{value.Trim()}' is already on the block list"));
            _blockByMatch.Remove(entry.Match);
            entry.Value = value.Trim();
            entry.Match = match;
            entry.IsDomain = isDomain;
            _blockByMatch[match] = entry;
            return (entry, null);
        }
    }

    internal BlockListEntry? DeleteBlockEntry(Guid id)
    {
        lock (Gate) return RemoveBlockUnlocked(LeadIds.Key(id));
    }

    /// <summary><c>bulk-delete</c> by entry ids; unknown ids are passed over.</summary>
    internal List<BlockListEntry> DeleteBlockEntries(IEnumerable<Guid> ids)
    {
        lock (Gate) return ids.Select(id => RemoveBlockUnlocked(LeadIds.Key(id))).OfType<BlockListEntry>().ToList();
    }

    /// <summary>"Delete all" (optionally filtered): applied as the real API would, and recorded in <see cref="BlockListWipes"/>.</summary>
    internal List<BlockListEntry> WipeBlockList(bool? domainsOnly, string? search)
    {
        lock (Gate)
        {
            var doomed = FilterBlock(_blockOrder.Values, domainsOnly, search).ToList();
            foreach (var e in doomed) RemoveBlockUnlocked(e.Key);
            _wipes.Add(new BlockListWipe(Now, domainsOnly, search, doomed.Count));
            return doomed;
        }
    }

    /// <summary>One page in id (creation) order after <paramref name="after"/>.</summary>
    internal List<BlockListEntry> ListBlock(int limit, Guid? after, bool? domainsOnly, string? search)
    {
        lock (Gate)
        {
            var from = after is { } a ? LeadIds.Key(a) : (UInt128?)null;
            return FilterBlock(_blockOrder.Values.Where(e => from is null || e.Key > from), domainsOnly, search).Take(limit).ToList();
        }
    }

    internal List<BlockListEntry> AllBlock(bool? domainsOnly, string? search)
    {
        lock (Gate) return FilterBlock(_blockOrder.Values, domainsOnly, search).ToList();
    }

    private static IEnumerable<BlockListEntry> FilterBlock(IEnumerable<BlockListEntry> entries, bool? domainsOnly, string? search) =>
        entries.Where(e => domainsOnly != true || e.IsDomain)
            .Where(e => string.IsNullOrEmpty(search) || e.Match.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase));

    // Under the lock. Null when the value is already on the list.
    private BlockListEntry? AddBlockUnlocked(string value)
    {
        var trimmed = value.Trim();
        var match = trimmed.ToLowerInvariant();
        if (match.Length == 0 || _blockByMatch.ContainsKey(match)) return null;
        var id = _blockIds.Next(Now);
        var entry = new BlockListEntry
        {
            Id = id, Key = LeadIds.Key(id), IdText = id.ToString(), Value = trimmed, Match = match,
            IsDomain = !match.Contains('@'), TimestampCreated = Now,
        };
        _blockOrder.Add(entry.Key, entry);
        _blockByMatch.Add(match, entry);
        return entry;
    }

    // Under the lock.
    private BlockListEntry? RemoveBlockUnlocked(UInt128 key)
    {
        if (!_blockOrder.Remove(key, out var entry)) return null;
        _blockByMatch.Remove(entry.Match);
        return entry;
    }

    private bool IsBlocked(string emailKey)
    {
        if (_blockByMatch.Count == 0) return false;
        if (_blockByMatch.ContainsKey(emailKey)) return true;
        var at = emailKey.IndexOf('@');
        return at > 0 && _blockByMatch.ContainsKey(emailKey[(at + 1)..]);
    }
}
