namespace ColdEmail.Warehouse.Schema;

/// <summary>
/// coldemail.feature-flags.email-verification-enabled in the warehouse's SQL. The rule itself lives once, in
/// <c>v_lead_eligibility</c> (its <c>verification_reason</c> column); whether it applies is a setting that changes live
/// (HOCON overlaid by the config table), so the daemon's reads are handed the effective value (<see cref="Literal"/> into
/// their <c>${verification}</c>) instead of reading the config table themselves, which would miss the HOCON layer.
/// The view's own flag (for <c>v_ready_for_instantly</c>, read by people) takes the configuration file's value as the
/// fallback under the config table row, rendered between <see cref="Begin"/> and <see cref="End"/> when the view is created.
/// </summary>
public static class VerificationSql
{
    public const string Begin = "/*verification*/";
    public const string End = "/*end verification*/";

    /// <summary>The flag as a boolean literal every dialect reads.</summary>
    public static string Literal(bool enabled) => enabled ? "TRUE" : "FALSE";

    /// <summary>The view text with its fallback flag replaced by <paramref name="enabled"/>.</summary>
    public static string Apply(string viewSql, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(viewSql);
        var start = viewSql.IndexOf(Begin, StringComparison.Ordinal);
        var end = viewSql.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start) return viewSql;
        return string.Concat(viewSql.AsSpan(0, start + Begin.Length), Literal(enabled), viewSql.AsSpan(end));
    }
}
