using System.Text.Json;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Orphans;

/// <summary>
/// The full scan: pages through each configured campaign (or, opted in, the whole workspace), 100 leads a
/// page with the cursor, triages each page against the warehouse (<see cref="OrphanTriage"/>), and acts —
/// adopt (a state row, never a re-add), delete and release (opt-in, record first: <see cref="OrphanRemoval"/>),
/// manual review (a permanent dead letter with the reason), report (listed and logged; a suppressing outcome
/// found on a lead it may not remove is still put on the suppression list). A dry run lists the same findings
/// and changes nothing. Every Instantly call goes through the <see cref="IInstantlyApi"/> it is given (the
/// gateway facade in the daemon).
/// </summary>
public sealed class OrphanRecovery
{
    public const string ReviewOperation = "orphan_review";
    public const string DeleteOperation = "orphan_delete";

    private readonly IInstantlyApi _instantly;
    private readonly ILeadWarehouse _warehouse;
    private readonly IOpsWarehouse _ops;
    private readonly TimeProvider _time;
    private readonly ILogger _log = Log.ForContext<OrphanRecovery>();
    private volatile OrphanOptions _options;

    public OrphanRecovery(IInstantlyApi instantly, ILeadWarehouse warehouse, IOpsWarehouse ops, TimeProvider time, OrphanOptions options)
    {
        options.Validate();
        _instantly = instantly;
        _warehouse = warehouse;
        _ops = ops;
        _time = time;
        _options = options;
    }

    public void Apply(OrphanOptions options)
    {
        options.Validate();
        _options = options;
    }

    public static string DeadLetterId(string leadId) => "orphan:" + leadId;

    public async Task<OrphanRecoveryReport> RunAsync(IReadOnlyList<ConfiguredCampaign> campaigns, bool dryRun, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        var options = _options;
        if (!options.Enabled) return OrphanRecoveryReport.Disabled;

        var resolution = await CampaignDirectory.ResolveAsync(_instantly, campaigns, ct).ConfigureAwait(false);
        var failures = resolution.Unknown.Select(n => $"campaign {n}: not found in Instantly by name, so its leads count as not ours").ToList();
        var known = resolution.Resolved.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var workspace = resolution.Workspace.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var names = resolution.Resolved.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        var now = _time.GetUtcNow();

        var findings = new List<OrphanFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scanned = 0;
        var truncated = false;
        IReadOnlyList<string?> listings = options.Scope == OrphanScanScope.Workspace ? [null] : resolution.Resolved.Select(c => (string?)c.Id).ToList();
        foreach (var campaignId in listings)
        {
            var request = new ListLeadsRequest { CampaignId = campaignId, Limit = options.PageSize };
            for (var page = 1; ; page++)
            {
                if (page > options.MaxPages)
                {
                    truncated = true;
                    failures.Add($"stopped after {options.MaxPages} pages of {campaignId ?? "the workspace"}: raise the page limit to scan the rest");
                    break;
                }
                var answer = await _instantly.ListLeadsAsync(request, ct).ConfigureAwait(false);
                if (!answer.IsSuccess)
                {
                    truncated = true;
                    failures.Add($"listing {campaignId ?? "the workspace"} failed on page {page}: {answer.Error}");
                    break;
                }
                var leads = answer.Value.Items.Where(l => seen.Add(l.Id)).ToList();
                scanned += leads.Count;
                if (leads.Count > 0)
                {
                    var tracked = await _ops.FindTrackedLeadsAsync(leads.Select(l => l.Id).ToList(),
                        leads.Where(l => l.Email is not null).Select(l => EmailIdentity.Key(l.Email)).Distinct().ToList(), ct).ConfigureAwait(false);
                    findings.AddRange(leads.Select(l => OrphanTriage.Decide(l, tracked, known, workspace, options, now)).OfType<OrphanFinding>());
                }
                if (answer.Value.Items.Count == 0 || answer.Value.NextStartingAfter is null) break;
                request = request with { StartingAfter = answer.Value.NextStartingAfter };
            }
        }

        var reported = findings.Count(f => f.Action == OrphanAction.Report);
        if (dryRun)
            return new OrphanRecoveryReport(true, scanned, truncated, findings, 0, 0, 0, 0, failures) { Reported = reported };

        var removal = new OrphanRemoval(_instantly, _warehouse, _ops, options.DeleteChunk);
        var adopted = await AdoptAsync(findings.Where(f => f.Action == OrphanAction.Adopt).ToList(), names, now, ct).ConfigureAwait(false);
        var deleted = await removal.DeleteAsync(findings.Where(f => f.Action == OrphanAction.Delete).ToList(), now, failures, ct).ConfigureAwait(false);
        await ResolveAsync(deleted, "deleted", now, ct).ConfigureAwait(false);
        var released = await removal.ReleaseAsync(findings.Where(f => f.Action == OrphanAction.Release).ToList(), now, failures, ct).ConfigureAwait(false);
        await ResolveAsync(released, "released", now, ct).ConfigureAwait(false);
        var reviewed = await ReviewAsync(findings.Where(f => f.Action == OrphanAction.ManualReview).ToList(), now, ct).ConfigureAwait(false);
        var suppressed = await SuppressReportedAsync(findings.Where(f => f.Action == OrphanAction.Report).ToList(), now, ct).ConfigureAwait(false);
        _log.Information("Orphan recovery scanned {Scanned} leads: {Adopted} adopted, {Deleted} deleted, {Released} released, {Reviewed} for review, {Reported} reported ({Suppressed} suppressed), {Failures} failures",
            scanned, adopted, deleted.Count, released.Count, reviewed, reported, suppressed, failures.Count);
        return new OrphanRecoveryReport(false, scanned, truncated, findings, adopted, deleted.Count, released.Count, reviewed, failures)
        {
            Reported = reported,
            Suppressed = suppressed,
        };
    }

    /// <summary>
    /// A lead recovery may not remove (deleting is off) can still carry a suppressing outcome — an unsubscribe in a
    /// campaign that is gone: the person goes on the suppression list now, so nobody enrols them again meanwhile.
    /// </summary>
    private async Task<int> SuppressReportedAsync(IReadOnlyList<OrphanFinding> reported, DateTimeOffset now, CancellationToken ct)
    {
        var entries = reported.Where(f => f.Email is not null && f.SuppressionReason is not null)
            .Select(f => new Suppression(f.Email!, f.SuppressionReason!, now)).DistinctBy(s => s.Email).ToList();
        if (entries.Count > 0) await _warehouse.AddSuppressionsAsync(entries, ct).ConfigureAwait(false);
        return entries.Count;
    }

    private async Task<int> AdoptAsync(IReadOnlyList<OrphanFinding> found, IReadOnlyDictionary<string, string> names, DateTimeOffset now, CancellationToken ct)
    {
        if (found.Count == 0) return 0;
        var rows = found.Select(f => new LeadStateRow(f.Email!, f.CampaignId!, names.GetValueOrDefault(f.CampaignId!), LeadState.Active, f.LeadId,
            f.Status, "adopted by orphan recovery: in Instantly but not tracked", now)).ToList();
        await _warehouse.UpsertLeadStatesAsync(rows, ct).ConfigureAwait(false);
        await ResolveAsync(found, "adopted", now, ct).ConfigureAwait(false);
        return rows.Count;
    }

    private async Task<int> ReviewAsync(IReadOnlyList<OrphanFinding> found, DateTimeOffset now, CancellationToken ct)
    {
        if (found.Count == 0) return 0;
        var letters = found.Select(f => Letter(f, ReviewOperation, f.Kind, null, f.Reason, now)).ToList();
        await _warehouse.UpsertDeadLettersAsync(letters, ct).ConfigureAwait(false);
        return letters.Count;
    }

    private Task ResolveAsync(IReadOnlyList<OrphanFinding> done, string how, DateTimeOffset now, CancellationToken ct) =>
        done.Count == 0 ? Task.CompletedTask
            : _warehouse.ResolveDeadLettersAsync(done.Select(f => DeadLetterId(f.LeadId)).ToList(), $"orphan recovery: {how}", now, ct);

    internal static DeadLetter Letter(OrphanFinding f, string operation, string kind, int? status, string message, DateTimeOffset now) =>
        new(DeadLetterId(f.LeadId), operation, f.Email ?? "", f.CampaignId, kind, status, message,
            JsonSerializer.Serialize(new { lead_id = f.LeadId, orphan_type = f.Kind, instantly_status = f.Status, days_orphaned = f.DaysOrphaned, action = f.Action.ToString() }),
            0, null, now, now, Permanent: true);
}
