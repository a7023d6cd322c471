using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// The single door to Instantly. A call first asks the breaker (an open circuit answers at once with
/// <see cref="InstantlyErrorKind.CircuitOpen"/>: nothing was sent, the caller's work waits), then
/// waits for a permit from the limiter, then runs against the adapter; its outcome feeds both.
/// </summary>
public sealed class InstantlyGatewayActor : ReceiveActor
{
    private sealed record Pending(InstantlyOperation Operation, IActorRef ReplyTo)
    {
        public bool IsProbe { get; set; }
        public DateTimeOffset GrantedAt { get; set; }
        public DateTimeOffset AskedAt { get; init; }
        public long StartedAt { get; set; }
    }

    // PipeTo(Self): never leaves this actor.
    private sealed record CallCompleted(long RequestId, GatewayReply Reply) : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IInstantlyApi _api;
    private readonly IActorRef _limiter;
    private readonly IActorRef _breaker;
    /// <summary>In a cluster, the node's permit client for the workspace budget (null on one node: the local limiter is the budget).</summary>
    private readonly IActorRef? _workspace;
    private readonly Dictionary<long, Pending> _pending = new();
    private readonly Queue<long> _awaitingSlot = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Observability.ColdEmailMetrics? _metrics = Observability.MetricsLookup.For(Context.System);
    private GatewayOptions _options;
    private long _nextId;
    private int _inFlight;

    public InstantlyGatewayActor(IInstantlyApi api, RateLimiterOptions limiter, CircuitBreakerOptions breaker, GatewayOptions options)
    {
        options.Validate();
        _api = api;
        _options = options;
        _limiter = Context.ActorOf(RateLimiterActor.Props(limiter), "rate-limiter");
        _breaker = Context.ActorOf(CircuitBreakerActor.Props(breaker), "circuit-breaker");
        _workspace = ActorRegistry.For(Context.System).TryGet<Cluster.Budget.WorkspacePermitClient>(out var workspace) ? workspace : null;

        Receive<InstantlyCall>(m =>
        {
            var id = ++_nextId;
            _pending[id] = new Pending(m.Operation, Sender) { AskedAt = Context.System.Scheduler.Now };
            _breaker.Tell(new RequestPass(id));
        });
        Receive<PassRefused>(m =>
        {
            if (!_pending.Remove(m.RequestId, out var p)) return;
            var error = new InstantlyError(InstantlyErrorKind.CircuitOpen, null, "circuit_open",
                "Instantly circuit is open; nothing was sent", m.RetryAfter);
            p.ReplyTo.Tell(p.Operation.Fail(error));
        });
        Receive<PassGranted>(m =>
        {
            if (!_pending.TryGetValue(m.RequestId, out var p)) return;
            p.IsProbe = m.IsProbe;
            _limiter.Tell(new AcquirePermit(m.RequestId));
        });
        Receive<PermitGranted>(m =>
        {
            if (!_pending.TryGetValue(m.RequestId, out var p)) return;
            p.GrantedAt = m.GrantedAt;
            _metrics?.RateLimiterDelay(m.GrantedAt - p.AskedAt);
            // In a cluster the node's own pace is not enough: the workspace budget must grant the request too.
            if (_workspace is not null)
            {
                _workspace.Tell(new Cluster.Budget.AcquireWorkspacePermit(m.RequestId));
                return;
            }
            _awaitingSlot.Enqueue(m.RequestId);
            StartWaiting();
        });
        Receive<Cluster.Budget.WorkspacePermitGranted>(m =>
        {
            if (!_pending.ContainsKey(m.RequestId)) return;
            _awaitingSlot.Enqueue(m.RequestId);
            StartWaiting();
        });
        Receive<CallCompleted>(OnCompleted);
        Receive<ApplyGatewaySettings>(m =>
        {
            try
            {
                m.Gateway.Validate();
                _options = m.Gateway;
            }
            catch (ArgumentException e)
            {
                _log.Warning("Rejected gateway settings: {Reason}", e.Message);
            }
            _limiter.Forward(new ApplyRateLimiterOptions(m.RateLimiter));
            _breaker.Forward(new ApplyCircuitBreakerOptions(m.CircuitBreaker));
            StartWaiting();
        });
        Receive<GetRateLimiterStatus>(m => _limiter.Forward(m));
        Receive<GetCircuitStatus>(m => _breaker.Forward(m));
    }

    public static Props Props(IInstantlyApi api, RateLimiterOptions limiter, CircuitBreakerOptions breaker, GatewayOptions? options = null) =>
        Akka.Actor.Props.Create(() => new InstantlyGatewayActor(api, limiter, breaker, options ?? new GatewayOptions()));

    private void StartWaiting()
    {
        while (_inFlight < _options.MaxInFlight && _awaitingSlot.Count > 0)
        {
            var id = _awaitingSlot.Dequeue();
            if (!_pending.TryGetValue(id, out var p)) continue;
            _inFlight++;
            p.StartedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var self = Self;
            var operation = p.Operation;
            RunSafely(operation, _api, _shutdown.Token).PipeTo(self, success: reply => new CallCompleted(id, reply));
        }
    }

    private static async Task<GatewayReply> RunSafely(InstantlyOperation operation, IInstantlyApi api, CancellationToken ct)
    {
        try
        {
            return await operation.RunAsync(api, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return operation.Fail(new InstantlyError(InstantlyErrorKind.Timeout, null, "cancelled", "the gateway stopped before the call finished"));
        }
        catch (Exception e)
        {
            // The adapter promises not to throw; if it does, the outcome is unknown, like a dropped connection.
            return operation.Fail(new InstantlyError(InstantlyErrorKind.ConnectionDropped, null, e.GetType().Name, e.Message));
        }
    }

    private void OnCompleted(CallCompleted m)
    {
        _inFlight--;
        if (!_pending.Remove(m.RequestId, out var p)) return;
        var kind = CallOutcome.Classify(m.Reply.Error);
        _metrics?.InstantlyRequest(p.Operation.Name, StatusLabel(m.Reply.Error), System.Diagnostics.Stopwatch.GetElapsedTime(p.StartedAt));
        _limiter.Tell(new ReportOutcome(kind, p.GrantedAt, m.Reply.Error?.RetryAfter));
        _breaker.Tell(new RecordCallOutcome(kind, p.IsProbe));
        if (kind == CallOutcomeKind.RateLimited) _workspace?.Tell(new Cluster.Budget.ReportWorkspaceRateLimited(m.Reply.Error?.RetryAfter));
        if (kind is CallOutcomeKind.ServiceFailure or CallOutcomeKind.RateLimited)
            _log.Debug("Instantly {Operation} failed: {Error}", p.Operation.Name, m.Reply.Error);
        p.ReplyTo.Tell(m.Reply);
        StartWaiting();
    }

    /// <summary>The request's outcome as a metric label: "ok", the HTTP status, or the kind of failure.</summary>
    private static string StatusLabel(InstantlyError? error) => error switch
    {
        null => "ok",
        { Kind: InstantlyErrorKind.Http, StatusCode: { } code } => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Kind.ToString()),
    };

    protected override void PostStop()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
    }
}
