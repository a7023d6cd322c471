using System.Buffers;
using System.Net;

namespace ColdEmail.Instantly.Http;

/// <summary>
/// A growable byte buffer rented from the shared pool. Bulk bodies and answers run to 100–200 KB: renting keeps
/// them off the large-object heap, which matters when client and sandbox share two cores.
/// </summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledBuffer(int initialSize = 4096) => _array = ArrayPool<byte>.Shared.Rent(initialSize);

    public int Length => _length;
    public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_length);
    }

    public static async Task<PooledBuffer> ReadAsync(HttpContent content, CancellationToken ct)
    {
        var buffer = new PooledBuffer((int)Math.Clamp(content.Headers.ContentLength ?? 4096, 256, 16 * 1024 * 1024) + 1);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var read = await stream.ReadAsync(memory, ct).ConfigureAwait(false);
                if (read == 0) return buffer;
                buffer.Advance(read);
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, []);
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 1);
        if (needed <= _array.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}

/// <summary>A request body held in a <see cref="PooledBuffer"/>, returned to the pool when the request is disposed.</summary>
internal sealed class PooledContent(PooledBuffer buffer) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        await stream.WriteAsync(buffer.Memory, cancellationToken).ConfigureAwait(false);

    protected override bool TryComputeLength(out long length)
    {
        length = buffer.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) buffer.Dispose();
        base.Dispose(disposing);
    }
}
