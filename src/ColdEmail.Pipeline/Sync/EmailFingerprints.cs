using System.Numerics;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// The emails a run has already met, kept as 64-bit fingerprints (FNV-1a) rather than strings, so a
/// run over a million leads holds megabytes, not a hundred. A collision (odds about n²/2⁶⁵) only
/// makes this run pass over a lead; it stays in the pool for the next.
/// The fingerprints sit in one open-addressed table (linear probing, at most three quarters full): 8 bytes a slot,
/// where a <c>HashSet&lt;ulong&gt;</c> takes 20 bytes an entry (24 MB for a run presized to 1.2 million leads).
/// </summary>
public sealed class EmailFingerprints
{
    // 0 marks an empty slot, so the one fingerprint that is 0 is stored as 1 (one more collision in 2⁶⁴).
    private const ulong Empty = 0;
    private ulong[] _slots;
    private int _count;

    /// <param name="initial">Emails already met (e.g. those of batches still in flight).</param>
    /// <param name="capacity">
    /// How many emails the run expects to meet. A table that grows by doubling to a million entries leaves each smaller
    /// table behind as large-object-heap garbage (megabytes until a full collection); sized once, it allocates once.
    /// </param>
    public EmailFingerprints(IEnumerable<string>? initial = null, int capacity = 0)
    {
        _slots = new ulong[SlotsFor(Math.Max(0, capacity))];
        if (initial is null) return;
        foreach (var email in initial) Add(email);
    }

    public int Count => _count;

    /// <summary>True when the email was not met before.</summary>
    public bool Add(string email)
    {
        if ((_count + 1) * 4L > _slots.Length * 3L) Grow();
        return Insert(_slots, Key(email));
    }

    public void Remove(string email)
    {
        var mask = _slots.Length - 1;
        var key = Key(email);
        var i = (int)Mix(key) & mask;
        while (_slots[i] != key)
        {
            if (_slots[i] == Empty) return;
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: every later entry of the same probe run that could sit in the freed slot moves up,
        // so a lookup never stops early at a hole (no tombstones to accumulate).
        var hole = i;
        var j = i;
        while (true)
        {
            j = (j + 1) & mask;
            if (_slots[j] == Empty) break;
            var home = (int)Mix(_slots[j]) & mask;
            // The entry at j may move to the hole unless its home lies cyclically in (hole, j].
            var stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (stays) continue;
            _slots[hole] = _slots[j];
            hole = j;
        }
        _slots[hole] = Empty;
        _count--;
    }

    public static ulong Fingerprint(string email)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in email)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static ulong Key(string email) => Fingerprint(email) is var f && f == Empty ? 1 : f;

    private bool Insert(ulong[] slots, ulong key)
    {
        var mask = slots.Length - 1;
        var i = (int)Mix(key) & mask;
        while (slots[i] != Empty)
        {
            if (slots[i] == key) return false;
            i = (i + 1) & mask;
        }
        slots[i] = key;
        _count++;
        return true;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _count = 0;
        foreach (var key in old)
            if (key != Empty) Insert(_slots, key);
    }

    // FNV-1a's low bits are weak for similar strings; a final avalanche (murmur3's) spreads them before masking.
    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    private static int SlotsFor(int capacity) =>
        (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, (Math.Min(capacity, 1 << 28) * 4L + 2) / 3 + 1));
}
