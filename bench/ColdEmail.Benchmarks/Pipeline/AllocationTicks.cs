using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>
/// Where the managed allocations go, by type: the runtime's GCAllocationTick events (one every ~100 KB allocated,
/// naming the type of the object that crossed the threshold), split into small-object and large-object heap. A type
/// with many large-object ticks is what fills the LOH between gen-2 collections (LOH garbage is only collected by
/// them). Sampling, not exact: a tick's type is whatever was allocated when the 100 KB budget ran out.
/// </summary>
internal sealed class AllocationTicks : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<(string Type, bool Large), long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
        var kind = Payload(e, "AllocationKind");
        var type = Payload(e, "TypeName") as string ?? "?";
        var amount = Payload(e, "AllocationAmount64") ?? Payload(e, "AllocationAmount");
        var large = kind is not null && Convert.ToInt32(kind, System.Globalization.CultureInfo.InvariantCulture) == 1;
        var bytes = amount is null ? 100_000L : Convert.ToInt64(amount, System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate((type, large), bytes, (_, v) => v + bytes);
    }

    private static object? Payload(EventWrittenEventArgs e, string name)
    {
        var i = e.PayloadNames!.IndexOf(name);
        return i >= 0 ? e.Payload![i] : null;
    }

    /// <summary>The heaviest types, large-object heap first.</summary>
    public string Describe(int top = 12)
    {
        static string Mb(long b) => (b / 1_048_576.0).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
        var snapshot = _bytes.ToArray();
        var lines = new List<string>();
        foreach (var large in new[] { true, false })
        {
            var of = snapshot.Where(kv => kv.Key.Large == large).OrderByDescending(kv => kv.Value).ToList();
            lines.Add($"  {(large ? "LOH" : "SOH")} allocated ~{Mb(of.Sum(kv => kv.Value))} MB; by type: " +
                string.Join(", ", of.Take(top).Select(kv => $"{kv.Key.Type} {Mb(kv.Value)} MB")));
        }
        return string.Join(Environment.NewLine, lines);
    }
}
