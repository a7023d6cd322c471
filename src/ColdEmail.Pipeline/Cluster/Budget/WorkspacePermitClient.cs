using Akka.Actor;
using Akka.Event;
using ColdEmail.Domain.Budget;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Cluster.Budget;

/// <summary>
/// Each node's door to the workspace budget: the local gateway asks it for one permit per request; it fetches small leases from the
/// budget singleton (through its proxy) and hands them out until they expire. When the budget does not answer within
/// fallback-after (hand-over, partition) it spends the node's static share on its own (<see cref="BudgetLimits.StaticShare"/>)
/// and keeps asking. It reports this node's open breaker and 429s to the budget, which pauses every node.
/// </summary>
public sealed class WorkspacePermitClient : ReceiveActor, IWithTimers
{
    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private sealed record AnswerOverdue(long Sequence) : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _budget;
    private readonly string _node;
    private readonly BudgetLimits _limits;
    private readonly int _batch;
    private readonly TimeSpan _fallbackAfter;
    private readonly TimeSpan _pauseOnOpenBreaker;
    private readonly Queue<(long Id, IActorRef ReplyTo)> _waiting = new();
    private WorkspaceBudget _fallback;
    private int _inHand;
    private DateTimeOffset _validUntil;
    private DateTimeOffset _nextAsk;
    private long _sequence;
    private bool _outstanding;
    private bool _onStaticShare;
    private long _fromBudget;
    private long _fromFallback;

    public WorkspacePermitClient(IActorRef budget, string node, BudgetLimits limits, int batch, TimeSpan fallbackAfter, TimeSpan pauseOnOpenBreaker)
    {
        _budget = budget;
        _node = node;
        _limits = limits.Validate();
        _batch = batch;
        _fallbackAfter = fallbackAfter;
        _pauseOnOpenBreaker = pauseOnOpenBreaker;
        _fallback = WorkspaceBudget.Empty(limits.StaticShare(), Now);

        Receive<AcquireWorkspacePermit>(m =>
        {
            _waiting.Enqueue((m.RequestId, Sender));
            Serve();
        });
        Receive<WorkspacePermits>(OnPermits);
        Receive<AnswerOverdue>(m =>
        {
            if (!_outstanding || m.Sequence != _sequence) return;
            _outstanding = false;
            if (!_onStaticShare)
                _log.Warning("Workspace budget did not answer within {FallbackAfter}; node {Node} spends its static share on its own", _fallbackAfter, _node);
            _onStaticShare = true;
            Serve();
        });
        Receive<Tick>(_ => Serve());
        Receive<ReportWorkspaceRateLimited>(m =>
            _budget.Tell(new ReportWorkspacePause(_node, Now + (m.RetryAfter ?? TimeSpan.FromSeconds(1)), "429 from Instantly")));
        Receive<CircuitBreakerStateChanged>(m =>
        {
            if (m.To == CircuitState.Open) _budget.Tell(new ReportWorkspacePause(_node, Now + _pauseOnOpenBreaker, "circuit breaker open: " + m.Reason));
        });
        Receive<GetPermitClientStatus>(_ =>
            Sender.Tell(new PermitClientStatus(_node, Now < _validUntil ? _inHand : 0, _waiting.Count, _onStaticShare, _fromBudget, _fromFallback)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef budget, string node, BudgetLimits limits, int batch, TimeSpan fallbackAfter, TimeSpan pauseOnOpenBreaker) =>
        Akka.Actor.Props.Create(() => new WorkspacePermitClient(budget, node, limits, batch, fallbackAfter, pauseOnOpenBreaker));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(CircuitBreakerStateChanged));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnPermits(WorkspacePermits m)
    {
        if (m.Sequence != _sequence) return;
        _outstanding = false;
        if (_onStaticShare) _log.Info("Workspace budget answers again; node {Node} leaves its static share", _node);
        _onStaticShare = false;
        var now = Now;
        _inHand = m.Granted;
        _validUntil = m.ValidUntil;
        _fromBudget += m.Granted;
        _nextAsk = m.Granted > 0 ? now : now + (m.RetryAfter > TimeSpan.Zero ? m.RetryAfter : _limits.Lease);
        Serve();
    }

    private void Serve()
    {
        var now = Now;
        if (now >= _validUntil) _inHand = 0;
        while (_waiting.Count > 0 && _inHand > 0)
        {
            _inHand--;
            Release(_waiting.Dequeue());
        }
        if (_waiting.Count == 0) return;
        if (_onStaticShare)
        {
            (_fallback, var grant) = _fallback.Decide(new PermitRequest(_node, _waiting.Count), now);
            for (var i = 0; i < grant.Granted; i++) Release(_waiting.Dequeue());
            _fromFallback += grant.Granted;
            if (_waiting.Count > 0) Timers.StartSingleTimer("tick", Tick.Instance, grant.RetryAfter > TimeSpan.Zero ? grant.RetryAfter : _limits.Lease);
        }
        if (_outstanding) return;
        if (now < _nextAsk)
        {
            Timers.StartSingleTimer("tick", Tick.Instance, _nextAsk - now);
            return;
        }
        _outstanding = true;
        _sequence++;
        // Exactly what is waiting, at most a batch: a lease not spent before it expires still counts against the workspace's
        // limits on the budget's books, so asking for more than the demand took permits from the other nodes for nothing.
        // Requests that arrive while this ask is out wait for its answer and are asked for together.
        _budget.Tell(new RequestWorkspacePermits(_node, Math.Min(_waiting.Count, _batch), _sequence));
        Timers.StartSingleTimer("overdue", new AnswerOverdue(_sequence), _fallbackAfter);
    }

    private void Release((long Id, IActorRef ReplyTo) waiting) => waiting.ReplyTo.Tell(new WorkspacePermitGranted(waiting.Id));
}
