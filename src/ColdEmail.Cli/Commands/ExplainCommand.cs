using System.CommandLine;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Output;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Commands;

/// <summary>`explain EMAIL`: the lead's eligibility, state per campaign, history, dead letters and suppression.</summary>
public static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var email = new Argument<string>("email") { Description = "The prospect's email (case and spaces do not matter)" };
        var json = new Option<bool>("--json") { Description = "Print the dossier as JSON" };
        var command = new Command("explain", "Show a lead's state, its history and why") { email, json };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            if (!EmailAddress.TryParse(ctx.Get(email), out var address, out var reason))
            {
                throw new CliUsageException($"email: {reason}");
            }
            await using var session = await WarehouseSession.OpenAsync(ctx, TimeProvider.System, ensureSchema: true, ct);
            var dossier = await session.Warehouse.ExplainAsync(address.Value, session.Settings.Campaigns.Routing, session.Settings.FeatureFlags.EmailVerificationEnabled, ct);
            if (ctx.Get(json))
            {
                await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(dossier));
                return ExitCodes.Ok;
            }
            await Print(ctx.Console, dossier);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task Print(CliConsole console, LeadDossier d)
    {
        var o = console.Out;
        await o.WriteLineAsync($"{d.Email}");
        if (d.Erased)
        {
            // Nothing else is known: the erasure kept only the address's hash.
            await o.WriteLineAsync("  erased: this person was forgotten (coldemail forget); only a hash of the address is kept and it is never contacted again");
            if (d.Eligible is not null)
            {
                await o.WriteLineAsync($"  eligibility: excluded — {d.ExclusionReason} (the address was imported again)");
            }
            return;
        }
        if (d.Eligible is { } p)
        {
            await o.WriteLineAsync($"  warehouse: {p.MerchantName} · revenue {(p.EstimatedSalesYearly is { } r ? r.ToString("N0") : "unknown")} · {p.CountryCode}/{p.State} · score {p.Score}");
            // The campaign comes from the same routing rule a sync and `plan` use (coldemail.campaigns, rendered in SQL).
            await o.WriteLineAsync(p.SequenceTarget is { } campaign
                ? $"  campaign: {campaign}"
                : "  campaign: none (no enabled campaign's revenue range and region hold this lead)");
            await o.WriteLineAsync(d.ExclusionReason is null
                ? "  eligibility: ready for Instantly"
                : $"  eligibility: excluded — {d.ExclusionReason}");
        }
        else
        {
            await o.WriteLineAsync("  warehouse: not in eligible_leads");
        }
        if (d.Suppression is { } s)
        {
            await o.WriteLineAsync($"  suppressed since {s.Since:yyyy-MM-dd}: {s.Reason} (never contacted again)");
        }
        if (d.DomainSuppression is { } ds)
        {
            await o.WriteLineAsync($"  domain {ds.Domain} suppressed since {ds.Since:yyyy-MM-dd}: {ds.Reason} (nobody there is contacted again)");
        }
        if (d.States.Count == 0 && d.History.Count == 0 && d.DeadLetters.Count == 0)
        {
            await o.WriteLineAsync("  never sent to Instantly");
            return;
        }
        if (d.States.Count > 0)
        {
            var states = Tables.Create("State per campaign", "campaign", "state", "Instantly id", "reason", "since", "retries");
            foreach (var state in d.States)
            {
                states.Row(state.CampaignName ?? state.CampaignId, state.State, state.InstantlyLeadId, state.Reason, state.At.ToString("yyyy-MM-dd HH:mm"), state.RetryCount);
            }
            Tables.Write(o, console.IsTerminal, states);
        }
        if (d.History.Count > 0)
        {
            var history = Tables.Create("History", "when", "event", "campaign", "outcome", "why", "days in campaign");
            foreach (var h in d.History.OrderBy(h => h.EventTimestamp))
            {
                history.Row(h.EventTimestamp.ToString("yyyy-MM-dd HH:mm"), h.EventType, h.CampaignId, h.Outcome, h.DrainReason ?? h.OutcomeReason, h.DaysInCampaign);
            }
            Tables.Write(o, console.IsTerminal, history);
        }
        if (d.DeadLetters.Count > 0)
        {
            var letters = Tables.Create("Dead letters", "id", "operation", "error", "retries", "next retry", "resolved");
            foreach (var l in d.DeadLetters)
            {
                letters.Row(l.Id, l.Operation, $"{l.ErrorKind} {l.HttpStatus} {l.Message}".Trim(), l.RetryCount,
                    l.Permanent ? "never (permanent)" : l.NextRetryAt?.ToString("yyyy-MM-dd HH:mm"), l.Resolution);
            }
            Tables.Write(o, console.IsTerminal, letters);
        }
    }
}
