using System.CommandLine;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Output;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Commands;

/// <summary>
/// `forget EMAIL`: GDPR/CCPA erasure. Instantly first (so the lead ids are still known if it fails and the command
/// is run again), then one warehouse transaction that deletes the person's rows and keeps only a hashed suppression.
/// Output and logs name the address only by the start of its hash.
/// </summary>
public static class ForgetCommand
{
    private const string Help =
        "Erase a person (GDPR/CCPA): deletes their leads from OUR configured campaigns in Instantly (never leads in lead lists " +
        "or in campaigns ColdEmail does not manage: those are listed for you to handle), then deletes every warehouse row " +
        "about them (eligible_leads when it is a table, ops_inst_state, ops_lead_history, ops_dead_letters, " +
        "ops_email_verification, suppression, and any other table with an email column) and keeps only the SHA-256 of the " +
        "normalised address in suppression_hashed, so a later import of the same address is excluded and `explain` " +
        "answers \"erased\". Running it again is safe.";

    public static Command Create(CliConsole console)
    {
        var email = new Argument<string>("email") { Description = "The person's email (case and surrounding spaces do not matter)" };
        var json = new Option<bool>("--json") { Description = "Print what was erased as JSON" };
        var command = new Command("forget", Help) { email, json };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            var normalised = EmailIdentity.Normalise(ctx.Get(email));
            if (normalised.Reason is { } why)
            {
                throw new CliUsageException($"email: {why}");
            }
            var address = normalised.Email!;
            var hash = EmailIdentity.Sha256Hex(address);
            var time = TimeProvider.System;
            await using var session = await WarehouseSession.OpenAsync(ctx, time, ensureSchema: true, ct);
            var ours = session.Settings.Campaigns.All
                .Where(c => !string.IsNullOrWhiteSpace(c.Id))
                .ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
            var known = (await session.Warehouse.ExplainAsync(address, ct)).States
                .Where(s => s.InstantlyLeadId is not null && ours.ContainsKey(s.CampaignId))
                .Select(s => s.InstantlyLeadId!)
                .ToList();

            await using var instantly = await InstantlyConnection.OpenAsync(session.Settings, sandbox: false, time, ct);
            var removal = await RemoveFromOurCampaignsAsync(instantly.Api, address, ours, known, ct);
            if (removal.Failure is { } failure)
            {
                ctx.Logger.Error("Erasure {Hash} stopped: Instantly refused a lead deletion ({Kind} {Status}); the warehouse is unchanged",
                    hash[..12], failure.Kind, failure.StatusCode);
                await ctx.Console.Err.WriteLineAsync(
                    $"error: Instantly did not delete a lead ({failure.Kind} {failure.StatusCode}); nothing was erased from the warehouse. Run `coldemail forget` again.");
                return ExitCodes.RunFailed;
            }

            var report = await session.Warehouse.ForgetAsync(address, time.GetUtcNow(), ct);
            ctx.Logger.Information("Erased {Hash}: {Deleted} Instantly leads deleted, {NotOurs} left in campaigns or lists that are not ours",
                hash[..12], removal.Deleted, removal.NotOurs.Count);
            if (ctx.Get(json))
            {
                await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(new
                {
                    emailSha256 = report.EmailSha256,
                    instantlyLeadsDeleted = removal.Deleted,
                    instantlyLeadsNotOurs = removal.NotOurs,
                    warehouse = report.Tables,
                }));
                return ExitCodes.Ok;
            }
            await Print(ctx.Console, report, removal);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What happened in Instantly; <see cref="NotOurs"/> describes leads left alone (campaign or list id, never the email).</summary>
    private sealed record Removal(int Deleted, IReadOnlyList<string> NotOurs, InstantlyError? Failure);

    private static async Task<Removal> RemoveFromOurCampaignsAsync(IInstantlyApi api, string address,
        IReadOnlyDictionary<string, string> ours, IReadOnlyList<string> knownIds, CancellationToken ct)
    {
        var toDelete = new HashSet<string>(knownIds, StringComparer.Ordinal);
        var notOurs = new List<string>();
        string? after = null;
        do
        {
            var page = await api.ListLeadsAsync(new ListLeadsRequest { Contacts = [address], Limit = 100, StartingAfter = after }, ct);
            if (!page.IsSuccess)
            {
                return new Removal(0, notOurs, page.Error);
            }
            foreach (var lead in page.Value.Items)
            {
                // contacts is a search: keep only this exact person.
                if (EmailIdentity.Key(lead.Email) != address)
                {
                    continue;
                }
                if (lead.CampaignId is { } campaign && ours.ContainsKey(campaign))
                {
                    toDelete.Add(lead.Id);
                }
                else
                {
                    toDelete.Remove(lead.Id);
                    notOurs.Add(lead.CampaignId is { } other ? $"campaign {other}" : "a lead list (no campaign)");
                }
            }
            after = page.Value.Items.Count == 0 ? null : page.Value.NextStartingAfter;
        }
        while (after is not null);

        var deleted = 0;
        foreach (var id in toDelete.Order(StringComparer.Ordinal))
        {
            var result = await api.DeleteLeadAsync(id, ct);
            if (!result.IsSuccess)
            {
                return new Removal(deleted, notOurs, result.Error);
            }
            if (result.Value == DeleteOutcome.Deleted)
            {
                deleted++;
            }
        }
        return new Removal(deleted, notOurs, null);
    }

    private static async Task Print(CliConsole console, ErasureReport report, Removal removal)
    {
        var o = console.Out;
        await o.WriteLineAsync($"erased (sha256 {report.EmailSha256[..12]}…); only the hash is kept, so a later import of the address is excluded");
        await o.WriteLineAsync($"  Instantly: {removal.Deleted} lead(s) deleted from our campaigns");
        if (removal.NotOurs.Count > 0)
        {
            await o.WriteLineAsync($"  Instantly: {removal.NotOurs.Count} lead(s) left alone, not ours ({string.Join(", ", removal.NotOurs)}); erase them in Instantly if the request covers them");
        }
        foreach (var table in report.Tables)
        {
            await o.WriteLineAsync(table.Skipped is { } skipped
                ? $"  {table.Table}: not touched — {skipped}"
                : $"  {table.Table}: {(table.RowsDeleted is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all")} row(s) deleted");
        }
    }
}
