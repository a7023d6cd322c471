using System.Buffers.Binary;
using UUIDNext.Tools;

namespace ColdEmail.Sandbox.State;

/// <summary>
/// UUIDv7 lead ids taken from the simulated clock, strictly increasing even when the clock stands still
/// (a 12-bit counter within a millisecond, then the next millisecond): list order is creation order.
/// </summary>
internal sealed class LeadIds
{
    private long _lastMs = long.MinValue;
    private int _sequence;

    /// <summary>Call under the state's lock.</summary>
    public Guid Next(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        if (ms <= _lastMs)
        {
            ms = _lastMs;
            if (++_sequence > 0x0FFF) { ms++; _sequence = 0; }
        }
        else _sequence = 0;
        _lastMs = ms;
        Span<byte> counter = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(counter, (ushort)_sequence);
        return UuidToolkit.CreateUuidV7(ms, counter);
    }

    /// <summary>After loading saved leads: never hand out an id at or below one that exists.</summary>
    public void Observe(Guid id)
    {
        var key = Key(id);
        var ms = (long)(key >> 80);
        var seq = (int)((key >> 64) & 0x0FFF);
        if (ms > _lastMs || (ms == _lastMs && seq > _sequence)) { _lastMs = ms; _sequence = seq; }
    }

    /// <summary>The id as a number whose order is the order of its text (what the API sorts by).</summary>
    public static UInt128 Key(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
