using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Warehouse.Schema;

/// <summary>The strings the warehouse stores for enums; the SQL views compare against these literals.</summary>
public static class LeadStateNames
{
    public static string ToSql(LeadState state) => state switch
    {
        LeadState.Eligible => "eligible",
        LeadState.Active => "active",
        LeadState.Skipped => "skipped",
        LeadState.Quarantine => "quarantine",
        LeadState.Engaged => "engaged",
        LeadState.Completed => "completed",
        LeadState.Archived => "archived",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown lead state"),
    };

    public static LeadState FromSql(string? value) => value switch
    {
        "eligible" => LeadState.Eligible,
        "active" => LeadState.Active,
        "skipped" => LeadState.Skipped,
        "quarantine" => LeadState.Quarantine,
        "engaged" => LeadState.Engaged,
        "completed" => LeadState.Completed,
        "archived" => LeadState.Archived,
        _ => throw new FormatException($"ops_inst_state.status '{value}' is not a known lead state"),
    };

    public static string ToSql(VerificationStatus status) => status switch
    {
        VerificationStatus.Pending => "pending",
        VerificationStatus.Verified => "verified",
        VerificationStatus.Invalid => "invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown verification status"),
    };

    public static string ToSql(CatchAllState state) => state switch
    {
        CatchAllState.No => "false",
        CatchAllState.Yes => "true",
        CatchAllState.Pending => "pending",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown catch-all state"),
    };
}
