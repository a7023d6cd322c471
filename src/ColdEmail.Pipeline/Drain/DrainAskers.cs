using Akka.Actor;
using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Who waits for which drain pass, so that asking for a pass again is safe. A drain run re-sends <see cref="DrainOnce"/> with
/// the same run id until the coordinator answers (<see cref="DrainRunTracker"/>): in a cluster the coordinator is a singleton
/// whose node may die and take the first ask with it. The run id is the idempotency key: a repeat of the pass in progress
/// joins it, a repeat of a pass that finished gets its summary again, and a repeat of a pass still waiting its turn is not
/// queued twice. So one coordinator never runs two passes for one run id; a new incarnation (on another node) runs it
/// afresh, which is safe because a pass first completes what the drain journal left open.
/// </summary>
internal sealed class DrainAskers
{
    /// <summary>Passes waiting their turn, in the order they were first asked for.</summary>
    private readonly List<string> _queue = [];
    private readonly Dictionary<string, HashSet<IActorRef>> _waiting = new(StringComparer.Ordinal);
    /// <summary>
    /// The last few passes' summaries: a repeat can arrive after the next pass started (the tracker re-asks every few seconds,
    /// and a scheduled pass may follow at once), and must still get its own pass's summary, not a second pass.
    /// </summary>
    private readonly Queue<DrainRunSummary> _finished = new();
    private const int Remembered = 16;
    private HashSet<IActorRef> _current = [];

    /// <summary>The pass in progress, or null.</summary>
    public string? Running { get; private set; }

    /// <summary>True when the ask is settled here: it joined the pass in progress or got the finished pass's summary.</summary>
    public bool TryAnswer(string runId, IActorRef asker, IActorRef self)
    {
        if (Running == runId)
        {
            _current.Add(asker);
            return true;
        }
        if (_finished.FirstOrDefault(f => f.RunId == runId) is { } finished)
        {
            asker.Tell(finished, self);
            return true;
        }
        return false;
    }

    /// <summary>A pass is in progress: this one waits its turn (once, however often it is asked for).</summary>
    public void Queue(string runId, IActorRef asker)
    {
        if (!_waiting.TryGetValue(runId, out var askers))
        {
            _waiting[runId] = askers = [];
            _queue.Add(runId);
        }
        askers.Add(asker);
    }

    public void Start(string runId, IEnumerable<IActorRef> askers)
    {
        Running = runId;
        _current = [.. askers];
    }

    /// <summary>The pass ended: everyone who asked for it is answered, and a later repeat gets the same summary.</summary>
    public IReadOnlyCollection<IActorRef> Finish(DrainRunSummary summary)
    {
        var askers = _current;
        _finished.Enqueue(summary);
        if (_finished.Count > Remembered) _finished.Dequeue();
        Running = null;
        _current = [];
        return askers;
    }

    /// <summary>The next pass waiting its turn and who asked for it, or null.</summary>
    public (string RunId, IReadOnlyCollection<IActorRef> Askers)? Next()
    {
        if (_queue.Count == 0) return null;
        var runId = _queue[0];
        _queue.RemoveAt(0);
        _waiting.Remove(runId, out var askers);
        return (runId, askers!);
    }
}
