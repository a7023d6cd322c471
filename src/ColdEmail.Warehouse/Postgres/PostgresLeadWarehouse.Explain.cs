using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;
using static ColdEmail.Warehouse.Postgres.PgRead;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>The dossier behind <c>coldemail explain</c> and the two report views.</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default) => ExplainAsync(email, _routing, ct);

    public async Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var normalised = Normalise(email);
        var now = _time.GetUtcNow().UtcDateTime;
        var eligible = await QueryAsync("explaining a lead", $"""
            SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
                   {RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView)} AS sequence_target,
                   base_score + {BusinessHoursBonus}, {ReasonAtNow}
            FROM v_lead_eligibility WHERE email = @email
            ORDER BY is_primary DESC LIMIT 1
            """, r => (Prospect: Prospect(r, 0), Reason: Str(r, 13)), ct, ("email", normalised), ("now", now)).ConfigureAwait(false);

        var states = await QueryAsync("explaining a lead", """
            SELECT email, campaign_id, campaign_name, status, instantly_lead_id, status_code, reason, updated_at,
                   retry_count, api_response_time_ms
            FROM ops_inst_state WHERE email = @email ORDER BY updated_at, campaign_id COLLATE "C"
            """, r => new LeadStateRow(r.GetString(0), r.GetString(1), Str(r, 2), LeadStateNames.FromSql(Str(r, 3)),
                Str(r, 4), Int(r, 5), Str(r, 6), Time(r, 7)!.Value, Int(r, 8) ?? 0, Long(r, 9)), ct, ("email", normalised)).ConfigureAwait(false);

        var history = await QueryAsync("explaining a lead", """
            SELECT email, campaign_id, lead_id, COALESCE(event_type, ''),
                   COALESCE(event_timestamp, drain_timestamp, TIMESTAMPTZ '1970-01-01 00:00:00+00'), outcome, outcome_reason,
                   drain_reason, days_in_campaign
            FROM ops_lead_history WHERE email = @email ORDER BY 5, campaign_id COLLATE "C"
            """, r => new HistoryRow(r.GetString(0), Str(r, 1), Str(r, 2), r.GetString(3), Time(r, 4)!.Value,
                Str(r, 5), Str(r, 6), Str(r, 7), Int(r, 8)), ct, ("email", normalised)).ConfigureAwait(false);

        var dead = await QueryAsync("explaining a lead",
            $"SELECT {DeadLetterColumns} FROM ops_dead_letters WHERE email = @email ORDER BY first_failure_at, id COLLATE \"C\"",
            ReadDeadLetter, ct, ("email", normalised)).ConfigureAwait(false);

        var suppression = await FindSuppressionAsync(normalised, ct).ConfigureAwait(false);

        var (erased, domain) = await ReadErasureAndDomainAsync(normalised, ct).ConfigureAwait(false);
        return eligible.Count == 0
            ? new LeadDossier(normalised, null, "not in eligible_leads", states, history, dead, suppression, erased, domain)
            : new LeadDossier(normalised, eligible[0].Prospect, eligible[0].Reason, states, history, dead, suppression, erased, domain);
    }

    public Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default) =>
        QueryAsync("reading report_daily_performance", """
            SELECT date, sequence_target, leads_added, leads_completed, leads_replied, reply_rate, leads_bounced, bounce_rate
            FROM report_daily_performance
            WHERE date >= CAST(@since::timestamptz AT TIME ZONE 'UTC' AS DATE)
            ORDER BY date DESC, sequence_target COLLATE "C"
            """, r => new DailyPerformanceRow(Date(r, 0), r.GetString(1),
                Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3)), Convert.ToInt32(r.GetValue(4)), Dec(r, 5),
                Convert.ToInt32(r.GetValue(6)), Dec(r, 7)),
            ct, ("since", (now - TimeSpan.FromDays(Math.Max(0, days))).UtcDateTime));

    public Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default) =>
        QueryAsync("reading report_campaign_roi", """
            SELECT sequence_target, total_leads, replied_leads, avg_close_rate, expected_revenue, revenue_per_lead
            FROM report_campaign_roi ORDER BY sequence_target COLLATE "C"
            """, r => new CampaignRoiRow(r.GetString(0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)),
                Dec(r, 3) ?? 0m, Dec(r, 4) ?? 0m, Dec(r, 5) ?? 0m), ct);
}
