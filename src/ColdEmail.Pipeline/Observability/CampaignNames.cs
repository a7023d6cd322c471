namespace ColdEmail.Pipeline.Observability;

/// <summary>
/// Instantly campaign id → configured campaign name, so metric labels and the status page say "smb" rather than a UUID,
/// and an id we do not know (another team's campaign) collapses into "other" instead of growing the label set.
/// </summary>
public sealed class CampaignNames(IReadOnlyDictionary<string, string> nameById)
{
    public const string Other = "other";

    public static readonly CampaignNames None = new(new Dictionary<string, string>());

    public IEnumerable<string> Names => nameById.Values.Distinct(StringComparer.Ordinal);

    public string NameOf(string? campaignId) =>
        campaignId is not null && nameById.TryGetValue(campaignId, out var name) ? name : Other;
}
