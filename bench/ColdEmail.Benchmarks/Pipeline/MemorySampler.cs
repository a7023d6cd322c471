using System.Diagnostics;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>Samples the process's working set and GC heap every 200 ms while a run is measured.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _maxWorkingSet;
    private long _maxHeap;
    private long _maxCommitted;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

    public double MaxWorkingSetMb => Interlocked.Read(ref _maxWorkingSet) / 1_048_576.0;
    public double MaxGcHeapMb => Interlocked.Read(ref _maxHeap) / 1_048_576.0;

    /// <summary>What the GC had committed at most: the heap plus its free space and budgets, all in the working set.</summary>
    public double MaxGcCommittedMb => Interlocked.Read(ref _maxCommitted) / 1_048_576.0;

    private void Sample()
    {
        using var p = Process.GetCurrentProcess();
        var ws = p.WorkingSet64;
        var heap = GC.GetTotalMemory(false);
        if (ws > Interlocked.Read(ref _maxWorkingSet)) Interlocked.Exchange(ref _maxWorkingSet, ws);
        if (heap > Interlocked.Read(ref _maxHeap)) Interlocked.Exchange(ref _maxHeap, heap);
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        if (committed > Interlocked.Read(ref _maxCommitted)) Interlocked.Exchange(ref _maxCommitted, committed);
    }

    public void Dispose()
    {
        Sample();
        _timer.Dispose();
    }
}
