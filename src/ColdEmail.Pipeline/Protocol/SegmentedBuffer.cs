using System.Buffers;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// A byte sink of 64 KB segments rented from the shared pool, copied once into an array of the exact size at the end.
/// Why not <c>JsonSerializer.SerializeToUtf8Bytes</c>: it grows one contiguous pooled buffer by doubling, so a campaign
/// ledger's 5 MB snapshot rented 1, 2, 4 and 8 MB arrays, large objects that the shared pool then keeps per thread
/// (about 44 MB of large-object-heap allocations per 360,000 leads enrolled, bench/memory.sh's dotnet-trace). Segments
/// of 64 KB stay on the small-object heap and are reused across messages.
/// </summary>
internal sealed class SegmentedBuffer : IBufferWriter<byte>, IDisposable
{
    private const int SegmentSize = 64 * 1024;
    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[] _current = ArrayPool<byte>.Shared.Rent(SegmentSize);
    private int _used;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_used + count > _current.Length) throw new InvalidOperationException("Advanced past the end of the segment");
        _used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_used);
    }

    /// <summary>Everything written, in one array of exactly its length.</summary>
    public byte[] ToArray()
    {
        var total = _used;
        foreach (var (_, length) in _full) total += length;
        var result = GC.AllocateUninitializedArray<byte>(total);
        var at = 0;
        foreach (var (array, length) in _full)
        {
            array.AsSpan(0, length).CopyTo(result.AsSpan(at));
            at += length;
        }
        _current.AsSpan(0, _used).CopyTo(result.AsSpan(at));
        return result;
    }

    public void Dispose()
    {
        foreach (var (array, _) in _full) ArrayPool<byte>.Shared.Return(array);
        _full.Clear();
        var current = Interlocked.Exchange(ref _current, []);
        if (current.Length > 0) ArrayPool<byte>.Shared.Return(current);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= needed) return;
        // A value larger than a segment (one long string) gets a segment of its own size.
        _full.Add((_current, _used));
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(needed, SegmentSize));
        _used = 0;
    }
}
