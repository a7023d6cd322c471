namespace ColdEmail.Sandbox.State;

/// <summary>
/// Leads in ascending id order. Ids grow with creation, so adding is an append; a cursor is a binary search;
/// deletions leave tombstones that are compacted once they are half the list.
/// </summary>
internal sealed class OrderedLeads
{
    private readonly List<SandboxLead> _items = [];
    private int _tombstones;

    public int Count => _items.Count - _tombstones;

    public void Add(SandboxLead lead)
    {
        if (_items.Count > 0 && _items[^1].Key >= lead.Key)
        {
            // Only loading saved state can bring an id out of order.
            var at = Find(lead.Key);
            _items.Insert(at, lead);
            return;
        }
        _items.Add(lead);
    }

    /// <summary>Takes a live lead out (it moved elsewhere); false when it is not here.</summary>
    public bool Remove(SandboxLead lead)
    {
        var at = Find(lead.Key);
        if (at >= _items.Count || !ReferenceEquals(_items[at], lead)) return false;
        _items.RemoveAt(at);
        return true;
    }

    public void MarkDeleted()
    {
        if (++_tombstones > 1024 && _tombstones * 2 > _items.Count)
        {
            _items.RemoveAll(l => l.Deleted);
            _tombstones = 0;
        }
    }

    /// <summary>Live leads with an id above <paramref name="after"/>, in order.</summary>
    public IEnumerable<SandboxLead> After(UInt128? after)
    {
        var start = after is { } key ? Find(key + 1) : 0;
        for (var i = start; i < _items.Count; i++)
            if (!_items[i].Deleted) yield return _items[i];
    }

    public IEnumerable<SandboxLead> All() => After(null);

    public void Clear()
    {
        _items.Clear();
        _tombstones = 0;
    }

    // First index whose key is >= key.
    private int Find(UInt128 key)
    {
        int lo = 0, hi = _items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid].Key < key) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
