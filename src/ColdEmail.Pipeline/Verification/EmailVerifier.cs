using System.Collections.Concurrent;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Verification;

/// <summary>
/// Verification before enrolment, spending credits only where they can change the answer:
/// our own rules first (syntax, disposable, role, free mail: free), then a stored verdict younger than
/// <see cref="EmailVerificationOptions.ReuseFor"/> (free), then one <c>POST /email-verification</c>
/// per address. A pending answer is remembered at once, so a crash or a later call polls it
/// (<c>GET</c>, free) instead of paying again; polls wait on the injected clock, in rounds, a bounded
/// number of times. Every answer is stored as it arrives (<see cref="VerificationWriter"/>), and a call
/// already paid for is finished and stored even when the run is cancelled. The old system re-posted
/// pending verifications and paid twice; this never does within the reuse period.
/// </summary>
public sealed class EmailVerifier : IEmailVerifier
{
    private readonly IInstantlyApi _instantly;
    private readonly IOpsWarehouse _store;
    private readonly VerificationWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _log = Log.ForContext<EmailVerifier>();
    private volatile Settings _settings;

    private sealed record Settings(EmailVerificationOptions Options, EmailVerificationRules Rules);

    public VerificationTally Tally { get; } = new();

    public EmailVerifier(IInstantlyApi instantly, IOpsWarehouse store, TimeProvider time, EmailVerificationOptions options)
    {
        options.Validate();
        _instantly = instantly;
        _store = store;
        _writer = new VerificationWriter(store);
        _time = time;
        _settings = new Settings(options, new EmailVerificationRules(options.Policy));
    }

    /// <summary>Live reload (flag, policy, periods); calls already running finish with the settings they started with.</summary>
    public void Apply(EmailVerificationOptions options)
    {
        options.Validate();
        _settings = new Settings(options, new EmailVerificationRules(options.Policy));
    }

    public async Task<IReadOnlyDictionary<string, VerificationDecision>> VerifyAsync(IReadOnlyList<EmailAddress> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var settings = _settings;
        var decisions = new Dictionary<string, VerificationDecision>(StringComparer.Ordinal);
        var unique = emails.DistinctBy(e => e.Value).ToList();
        if (!settings.Options.Enabled)
        {
            foreach (var e in unique) decisions[e.Value] = new VerificationDecision.Send("email verification is off (email_verification_enabled)");
            return decisions;
        }

        var toAsk = new List<EmailAddress>();
        foreach (var e in unique)
        {
            var local = settings.Rules.CheckAddress(e);
            if (local.IsSend) toAsk.Add(e);
            else
            {
                decisions[e.Value] = local;
                Tally.RejectLocally();
            }
        }
        if (toAsk.Count == 0) return decisions;

        var now = _time.GetUtcNow();
        var stored = await _store.FindVerificationsAsync(toAsk.Select(e => e.Value).ToList(), ct).ConfigureAwait(false);
        var toStart = new List<string>();
        var toPoll = new List<string>();
        foreach (var e in toAsk)
        {
            if (stored.TryGetValue(e.Value, out var s) && now - s.VerifiedAt < settings.Options.ReuseFor)
            {
                var fromStore = settings.Rules.FromInstantly(s.Status, s.CatchAll);
                if (fromStore.IsWait) toPoll.Add(e.Value);
                else
                {
                    decisions[e.Value] = Stored(fromStore, s);
                    Tally.Reuse();
                }
            }
            else toStart.Add(e.Value);
        }

        var started = await StartAllAsync(toStart, settings, ct).ConfigureAwait(false);
        foreach (var (email, d) in started.Decisions) decisions[email] = d;
        toPoll.AddRange(started.Pending);

        var polled = await PollAsync(toPoll, settings, ct).ConfigureAwait(false);
        foreach (var (email, d) in polled) decisions[email] = d;

        _log.Information("Verified {Count} emails: {Send} send, {Reject} reject, {Wait} wait; {Started} started, {Polled} polled",
            decisions.Count, decisions.Values.Count(d => d.IsSend), decisions.Values.Count(d => d.IsReject),
            decisions.Values.Count(d => d.IsWait), toStart.Count, toPoll.Count);
        return decisions;
    }

    private static VerificationDecision Stored(VerificationDecision d, StoredVerification s)
    {
        var reason = $"{d.Reason} (verified {s.VerifiedAt:yyyy-MM-dd})";
        return d switch
        {
            VerificationDecision.Send => new VerificationDecision.Send(reason),
            VerificationDecision.Reject => new VerificationDecision.Reject(reason),
            _ => new VerificationDecision.Wait(reason),
        };
    }

    private sealed record StartResult(IReadOnlyDictionary<string, VerificationDecision> Decisions, IReadOnlyList<string> Pending);

    private async Task<StartResult> StartAllAsync(IReadOnlyList<string> emails, Settings settings, CancellationToken ct)
    {
        var decisions = new ConcurrentDictionary<string, VerificationDecision>(StringComparer.Ordinal);
        var pending = new ConcurrentBag<string>();
        if (emails.Count == 0) return new StartResult(decisions, []);

        // Cancelling the run stops new calls from starting; a call already started is paid for, so it is
        // finished (bounded by the HTTP timeout) and its answer stored before the run gives up.
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = settings.Options.Parallelism, CancellationToken = ct },
            async (email, _) =>
            {
                var answer = await _instantly.StartEmailVerificationAsync(email, CancellationToken.None).ConfigureAwait(false);
                if (!answer.IsSuccess)
                {
                    Tally.FailCall();
                    decisions[email] = Failed(answer.Error, "starting");
                    return;
                }
                Tally.Start(answer.Value.CreditsUsed);
                // Stored at once, even when pending: the credit is spent, the next call only polls.
                await _writer.SaveAsync(Row(email, answer.Value)).ConfigureAwait(false);
                var d = settings.Rules.FromInstantly(answer.Value.VerificationStatus, answer.Value.CatchAll);
                if (d.IsWait) pending.Add(email);
                else decisions[email] = d;
            }).ConfigureAwait(false);

        return new StartResult(decisions, pending.ToList());
    }

    private async Task<IReadOnlyDictionary<string, VerificationDecision>> PollAsync(IReadOnlyList<string> emails, Settings settings, CancellationToken ct)
    {
        var decisions = new ConcurrentDictionary<string, VerificationDecision>(StringComparer.Ordinal);
        var waiting = emails.ToList();
        for (var round = 1; round <= settings.Options.MaxPolls && waiting.Count > 0; round++)
        {
            await Task.Delay(settings.Options.PollInterval, _time, ct).ConfigureAwait(false);
            var still = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = settings.Options.Parallelism, CancellationToken = ct },
                async (email, token) =>
                {
                    Tally.Poll();
                    var answer = await _instantly.GetEmailVerificationAsync(email, token).ConfigureAwait(false);
                    if (!answer.IsSuccess)
                    {
                        Tally.FailCall();
                        decisions[email] = Failed(answer.Error, "polling");
                        return;
                    }
                    var d = settings.Rules.FromInstantly(answer.Value.VerificationStatus, answer.Value.CatchAll);
                    if (d.IsWait)
                    {
                        still.Add(email);
                        decisions[email] = new VerificationDecision.Wait($"{d.Reason} after {round} polls");
                        return;
                    }
                    await _writer.SaveAsync(Row(email, answer.Value)).ConfigureAwait(false);
                    decisions[email] = d;
                }).ConfigureAwait(false);
            waiting = still.ToList();
        }
        foreach (var email in waiting)
            decisions.TryAdd(email, new VerificationDecision.Wait("Instantly's verification is still pending; polled again on a later run"));
        return decisions;
    }

    private StoredVerification Row(string email, EmailVerification v) =>
        new(email, v.VerificationStatus, v.CatchAll, v.CreditsUsed, _time.GetUtcNow());

    private VerificationDecision Failed(InstantlyError error, string what)
    {
        _log.Warning("Email verification failed while {What}: {Error}", what, error.ToString());
        return new VerificationDecision.Wait($"Instantly verification failed while {what} ({error.Kind}{(error.StatusCode is { } s ? " " + s : "")}): asked again on a later run");
    }
}
