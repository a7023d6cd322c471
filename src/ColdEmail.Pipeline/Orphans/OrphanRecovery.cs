using System.Text.Json;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Orphans;

/// <summary>
/// The full scan: pages through the workspace (or each configured campaign), 100 leads a page with the
/// cursor, triages each page against the warehouse, and acts — adopt (a state row, never a re-add),
/// delete (bulk by ids, falling back to one by one), release (delete a campaign-less copy so routing
/// can place the person), manual review (a permanent dead letter with the reason). A dry run lists the
/// same findings and changes nothing. Every Instantly call goes through the <see cref="IInstantlyApi"/>
/// it is given (the gateway facade in the daemon).
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
                        leads.Where(l => l.Email is not null).Select(l => l.Email!.Trim().ToLowerInvariant()).Distinct().ToList(), ct).ConfigureAwait(false);
                    findings.AddRange(leads.Select(l => OrphanTriage.Decide(l, tracked, known, workspace, options.DeleteInUnconfiguredCampaigns, options.Policy, now)).OfType<OrphanFinding>());
                }
                if (answer.Value.Items.Count == 0 || answer.Value.NextStartingAfter is null) break;
                request = request with { StartingAfter = answer.Value.NextStartingAfter };
            }
        }

        if (dryRun)
            return new OrphanRecoveryReport(true, scanned, truncated, findings, 0, 0, 0, 0, failures);

        var adopted = await AdoptAsync(findings.Where(f => f.Action == OrphanAction.Adopt).ToList(), names, now, ct).ConfigureAwait(false);
        var deleted = await DeleteAsync(findings.Where(f => f.Action == OrphanAction.Delete).ToList(), now, failures, ct).ConfigureAwait(false);
        var released = await ReleaseAsync(findings.Where(f => f.Action == OrphanAction.Release).ToList(), now, failures, ct).ConfigureAwait(false);
        var reviewed = await ReviewAsync(findings.Where(f => f.Action == OrphanAction.ManualReview).ToList(), now, ct).ConfigureAwait(false);
        _log.Information("Orphan recovery scanned {Scanned} leads: {Adopted} adopted, {Deleted} deleted, {Released} released, {Reviewed} for review, {Failures} failures",
            scanned, adopted, deleted, released, reviewed, failures.Count);
        return new OrphanRecoveryReport(false, scanned, truncated, findings, adopted, deleted, released, reviewed, failures);
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

    private async Task<int> DeleteAsync(IReadOnlyList<OrphanFinding> found, DateTimeOffset now, List<string> failures, CancellationToken ct)
    {
        var gone = new List<OrphanFinding>();
        var failed = new List<(OrphanFinding Finding, InstantlyError Error)>();
        foreach (var group in found.GroupBy(f => f.CampaignId!))
        {
            foreach (var chunk in group.Chunk(_options.DeleteChunk))
            {
                var bulk = await _instantly.DeleteLeadsAsync(group.Key, chunk.Select(f => f.LeadId).ToList(), ct).ConfigureAwait(false);
                if (bulk.IsSuccess)
                {
                    gone.AddRange(chunk);
                    continue;
                }
                // A campaign that no longer exists may refuse the bulk form; the per-id delete does not need it.
                _log.Warning("Bulk delete of {Count} orphans in {Campaign} failed ({Error}); deleting one by one", chunk.Length, group.Key, bulk.Error.ToString());
                await DeleteOneByOneAsync(chunk, gone, failed, ct).ConfigureAwait(false);
            }
        }
        await RecordFailuresAsync(failed, now, failures, ct).ConfigureAwait(false);
        await ResolveAsync(gone, "deleted", now, ct).ConfigureAwait(false);
        return gone.Count;
    }

    private async Task<int> ReleaseAsync(IReadOnlyList<OrphanFinding> found, DateTimeOffset now, List<string> failures, CancellationToken ct)
    {
        if (found.Count == 0) return 0;
        var gone = new List<OrphanFinding>();
        var failed = new List<(OrphanFinding, InstantlyError)>();
        await DeleteOneByOneAsync(found, gone, failed, ct).ConfigureAwait(false);
        await RecordFailuresAsync(failed, now, failures, ct).ConfigureAwait(false);
        if (gone.Count == 0) return 0;

        // The warehouse rows that pointed at the deleted copy (or were active for this person) become eligible again.
        var tracked = await _ops.FindTrackedLeadsAsync(gone.Select(f => f.LeadId).ToList(), gone.Select(f => f.Email!).ToList(), ct).ConfigureAwait(false);
        var rows = gone.SelectMany(f => tracked.ByEmail(f.Email!)
                .Where(r => r.InstantlyLeadId == f.LeadId || r.Status is "active" or null)
                .Select(r => new LeadStateRow(r.Email, r.CampaignId, null, LeadState.Eligible, null, null,
                    $"released by orphan recovery: Instantly lead {f.LeadId} was in no campaign and was deleted", now)))
            .ToList();
        if (rows.Count > 0) await _warehouse.UpsertLeadStatesAsync(rows, ct).ConfigureAwait(false);
        await ResolveAsync(gone, "released", now, ct).ConfigureAwait(false);
        return gone.Count;
    }

    private async Task DeleteOneByOneAsync(IEnumerable<OrphanFinding> found, List<OrphanFinding> gone, List<(OrphanFinding, InstantlyError)> failed, CancellationToken ct)
    {
        foreach (var f in found)
        {
            var one = await _instantly.DeleteLeadAsync(f.LeadId, ct).ConfigureAwait(false);
            if (one.IsSuccess) gone.Add(f);
            else failed.Add((f, one.Error));
        }
    }

    private async Task<int> ReviewAsync(IReadOnlyList<OrphanFinding> found, DateTimeOffset now, CancellationToken ct)
    {
        if (found.Count == 0) return 0;
        var letters = found.Select(f => Letter(f, ReviewOperation, f.Kind, null, f.Reason, now)).ToList();
        await _warehouse.UpsertDeadLettersAsync(letters, ct).ConfigureAwait(false);
        return letters.Count;
    }

    private async Task RecordFailuresAsync(IReadOnlyList<(OrphanFinding Finding, InstantlyError Error)> failed, DateTimeOffset now, List<string> failures, CancellationToken ct)
    {
        if (failed.Count == 0) return;
        failures.AddRange(failed.Select(x => $"deleting orphan {x.Finding.LeadId} failed: {x.Error}"));
        // Permanent for the sync's retry loop: the next scan finds the lead again and retries the delete itself.
        var letters = failed.Select(x => Letter(x.Finding, DeleteOperation, x.Error.Kind.ToString(), x.Error.StatusCode,
            $"{x.Finding.Reason}; delete failed: {x.Error.Message}", now)).ToList();
        await _warehouse.UpsertDeadLettersAsync(letters, ct).ConfigureAwait(false);
    }

    private Task ResolveAsync(IReadOnlyList<OrphanFinding> done, string how, DateTimeOffset now, CancellationToken ct) =>
        done.Count == 0 ? Task.CompletedTask
            : _warehouse.ResolveDeadLettersAsync(done.Select(f => DeadLetterId(f.LeadId)).ToList(), $"orphan recovery: {how}", now, ct);

    private static DeadLetter Letter(OrphanFinding f, string operation, string kind, int? status, string message, DateTimeOffset now) =>
        new(DeadLetterId(f.LeadId), operation, f.Email ?? "", f.CampaignId, kind, status, message,
            JsonSerializer.Serialize(new { lead_id = f.LeadId, orphan_type = f.Kind, instantly_status = f.Status, days_orphaned = f.DaysOrphaned, action = f.Action.ToString() }),
            0, null, now, now, Permanent: true);
}
