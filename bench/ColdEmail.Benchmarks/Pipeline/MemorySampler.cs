using System.Diagnostics;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>Samples the process's working set and GC heap every 200 ms while a run is measured.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _maxWorkingSet;
    private long _maxHeap;
    private long _maxCommitted;
    private NativeHeaps.Snapshot? _atPeak;
    private string _gcAtPeak = "";
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _timeline = new();
    private long _nextTimelineMs;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

    public double MaxWorkingSetMb => Interlocked.Read(ref _maxWorkingSet) / 1_048_576.0;
    public double MaxGcHeapMb => Interlocked.Read(ref _maxHeap) / 1_048_576.0;

    /// <summary>What the GC had committed at most: the heap plus its free space and budgets, all in the working set.</summary>
    public double MaxGcCommittedMb => Interlocked.Read(ref _maxCommitted) / 1_048_576.0;

    /// <summary>Where the native memory was at the sample with the largest working set.</summary>
    public string NativeAtPeak => (_atPeak?.ToString() ?? "no sample") + "; " + _gcAtPeak;

    /// <summary>Every 5 s: seconds, working set and GC committed (MB), so a peak can be placed in the run's phases.</summary>
    public string Timeline { get { lock (_timeline) return string.Join(" ", _timeline); } }

    private void Sample()
    {
        using var p = Process.GetCurrentProcess();
        var ws = p.WorkingSet64;
        var heap = GC.GetTotalMemory(false);
        if (ws > Interlocked.Read(ref _maxWorkingSet))
        {
            Interlocked.Exchange(ref _maxWorkingSet, ws);
            _atPeak = NativeHeaps.Take();
            var info = GC.GetGCMemoryInfo();
            _gcAtPeak = $"at {_clock.Elapsed.TotalSeconds:F0} s; GC at the largest working set: gen0/1/2/LOH/POH before the last GC {string.Join("/", info.GenerationInfo.ToArray().Select(g => (g.SizeBeforeBytes / 1_048_576.0).ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} MB, " +
                $"collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, heap {heap / 1_048_576.0:F0} MB, committed {info.TotalCommittedBytes / 1_048_576.0:F0} MB";
        }
        if (heap > Interlocked.Read(ref _maxHeap)) Interlocked.Exchange(ref _maxHeap, heap);
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        if (_clock.ElapsedMilliseconds >= _nextTimelineMs)
        {
            _nextTimelineMs += 5000;
            lock (_timeline) _timeline.Add($"{_clock.Elapsed.TotalSeconds:F0}s:{ws >> 20}/{committed >> 20}");
        }
        if (committed > Interlocked.Read(ref _maxCommitted)) Interlocked.Exchange(ref _maxCommitted, committed);
    }

    public void Dispose()
    {
        Sample();
        _timer.Dispose();
    }
}
