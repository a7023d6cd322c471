using System.Text.Json;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.State;

/// <summary>The sandbox's state as a JSON file: saved on stop, loaded on start.</summary>
internal static class StateFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    internal sealed record CampaignRow(string Id, string Name, int Status, int DailyLimit, int SequenceLength, int StepDelayDays, DateTimeOffset TimestampCreated);

    internal sealed record LeadRow(
        Guid Id, string? Email, string? CampaignId, string? ListId, string? FirstName, string? LastName, string? CompanyName,
        string? JobTitle, string? Phone, string? Website, string? Personalization, string? PlValueLead, string? AssignedTo,
        List<KeyValuePair<string, string>>? CustomVariables, int Status, int? LtInterestStatus, int EmailOpenCount,
        int EmailReplyCount, int AutoReplyCount, int EmailClickCount, int StepsSent, int? VerificationStatus, int EspCode,
        DateTimeOffset TimestampCreated, DateTimeOffset TimestampUpdated, DateTimeOffset? TimestampLastContact,
        DateTimeOffset? TimestampLastOpen, DateTimeOffset? TimestampLastClick, DateTimeOffset? TimestampLastReply,
        DateTimeOffset? TimestampLastInterestChange);

    internal sealed record Snapshot(DateTimeOffset SavedAt, int PlanLeadsUsed, int VerificationCredits, List<CampaignRow> Campaigns, List<LeadRow> Leads,
        List<string>? BlockList = null);

    public static void Save(SandboxState state, string path)
    {
        Snapshot snapshot;
        lock (state.Gate)
        {
            snapshot = new Snapshot(state.Now, state.PlanLeadsUsed, state.VerificationCredits,
                state.CampaignsUnlocked.Select(c => new CampaignRow(c.Id, c.Name, c.Status, c.DailyLimit, c.SequenceLength, c.StepDelayDays, c.TimestampCreated)).ToList(),
                state.LiveLeadsUnlocked().Select(l => new LeadRow(l.Id, l.Email, l.CampaignId, l.ListId, l.FirstName, l.LastName, l.CompanyName,
                    l.JobTitle, l.Phone, l.Website, l.Personalization, l.PlValueLead, l.AssignedTo, l.CustomVariables, l.Status, l.LtInterestStatus,
                    l.EmailOpenCount, l.EmailReplyCount, l.AutoReplyCount, l.EmailClickCount, l.StepsSent, l.VerificationStatus, l.EspCode,
                    l.TimestampCreated, l.TimestampUpdated, l.TimestampLastContact, l.TimestampLastOpen, l.TimestampLastClick,
                    l.TimestampLastReply, l.TimestampLastInterestChange)).ToList(),
                state.BlockValuesUnlocked());
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp)) JsonSerializer.Serialize(stream, snapshot, Json);
        File.Move(temp, path, overwrite: true);
    }

    /// <returns>false when the file does not exist.</returns>
    public static bool TryLoad(SandboxState state, string path)
    {
        if (!File.Exists(path)) return false;
        Snapshot snapshot;
        try
        {
            using var stream = File.OpenRead(path);
            snapshot = JsonSerializer.Deserialize<Snapshot>(stream, Json) ?? throw new InvalidDataException("the file holds null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Sandbox state file '{path}' is not valid: {ex.Message}", ex);
        }
        state.Clear();
        // Files written before the block list was saved have none: the configured one stays.
        if (snapshot.BlockList is { } blocked) state.SetBlocklist(blocked);
        foreach (var c in snapshot.Campaigns)
        {
            var campaign = state.AddCampaign(new CampaignSpec(c.Name, c.DailyLimit, c.SequenceLength, c.StepDelayDays), c.Id, c.TimestampCreated);
            campaign.Status = c.Status;
        }
        lock (state.Gate)
        {
            state.PlanLeadsUsed = snapshot.PlanLeadsUsed;
            state.VerificationCredits = snapshot.VerificationCredits;
            foreach (var r in snapshot.Leads.OrderBy(r => LeadIds.Key(r.Id)))
                state.Restore(new SandboxLead
                {
                    Id = r.Id, Key = LeadIds.Key(r.Id), IdText = r.Id.ToString(), Email = r.Email,
                    EmailKey = r.Email is null ? null : SandboxState.NormaliseEmail(r.Email), CampaignId = r.CampaignId, ListId = r.ListId,
                    FirstName = r.FirstName, LastName = r.LastName, CompanyName = r.CompanyName, JobTitle = r.JobTitle, Phone = r.Phone,
                    Website = r.Website, Personalization = r.Personalization, PlValueLead = r.PlValueLead, AssignedTo = r.AssignedTo,
                    CustomVariables = r.CustomVariables, Status = r.Status, LtInterestStatus = r.LtInterestStatus,
                    EmailOpenCount = r.EmailOpenCount, EmailReplyCount = r.EmailReplyCount, AutoReplyCount = r.AutoReplyCount,
                    EmailClickCount = r.EmailClickCount, StepsSent = r.StepsSent, VerificationStatus = r.VerificationStatus, EspCode = r.EspCode,
                    TimestampCreated = r.TimestampCreated, TimestampUpdated = r.TimestampUpdated, TimestampLastContact = r.TimestampLastContact,
                    TimestampLastOpen = r.TimestampLastOpen, TimestampLastClick = r.TimestampLastClick, TimestampLastReply = r.TimestampLastReply,
                    TimestampLastInterestChange = r.TimestampLastInterestChange,
                });
        }
        return true;
    }
}
