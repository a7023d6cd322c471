using ColdEmail.Domain.Verification;

namespace ColdEmail.Warehouse.Schema;

/// <summary>Reading back the verification strings <see cref="LeadStateNames"/> writes.</summary>
public static class OpsNames
{
    public static VerificationStatus Verification(string value) => value switch
    {
        "pending" => VerificationStatus.Pending,
        "verified" => VerificationStatus.Verified,
        "invalid" => VerificationStatus.Invalid,
        _ => throw new FormatException($"ops_email_verification.verification_status '{value}' is not pending, verified or invalid"),
    };

    public static CatchAllState CatchAll(string? value) => value switch
    {
        "true" => CatchAllState.Yes,
        "false" => CatchAllState.No,
        "pending" or null => CatchAllState.Pending,
        _ => throw new FormatException($"ops_email_verification.catch_all '{value}' is not true, false or pending"),
    };
}
