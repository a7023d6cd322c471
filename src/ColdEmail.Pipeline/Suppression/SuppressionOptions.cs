// Namespace is plural so it does not hide the warehouse row type ColdEmail.Warehouse.Suppression inside ColdEmail.Pipeline.*.
namespace ColdEmail.Pipeline.Suppressions;

/// <summary>
/// What follows a recorded suppression outside our warehouse: reasons whose people are pushed to Instantly's
/// workspace block list, and whether a genuine reply suppresses the replier's business domain.
/// </summary>
public sealed record SuppressionOptions
{
    public IReadOnlySet<string> BlockListReasons { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "unsubscribed", "bounced_hard" };
    public bool DomainOnReply { get; init; }
}
