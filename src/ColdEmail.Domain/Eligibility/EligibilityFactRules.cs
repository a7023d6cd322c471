using ColdEmail.Domain.Leads;

namespace ColdEmail.Domain.Eligibility;

/// <summary>
/// How <c>v_lead_eligibility</c> reduces the warehouse's tables to one row's <see cref="EligibilityFacts"/>: which state
/// row counts, when a cooldown ends, when a retry is due, and which of several rows with one email is the primary.
/// </summary>
public static class EligibilityFactRules
{
    /// <summary>Drains recorded before per-drain cooldowns existed fall back to this (the seed's 90 days).</summary>
    public const int DefaultCooldownDays = 90;

    /// <summary>The state that excludes: active, then engaged, then quarantine, then skipped; other states exclude nothing.</summary>
    public static LeadState? CurrentState(IEnumerable<LeadState> states) =>
        states.Where(s => s is LeadState.Active or LeadState.Engaged or LeadState.Quarantine or LeadState.Skipped)
            .OrderBy(s => s switch { LeadState.Active => 1, LeadState.Engaged => 2, LeadState.Quarantine => 3, _ => 4 })
            .Select(s => (LeadState?)s)
            .FirstOrDefault();

    /// <summary>The latest end of any drain's cooldown: its recorded end, or the drain time plus 90 days.</summary>
    public static DateTimeOffset? CooldownUntil(IEnumerable<(DateTimeOffset DrainedAt, DateTimeOffset? Until)> drains) =>
        drains.Select(d => (DateTimeOffset?)(d.Until ?? d.DrainedAt.AddDays(DefaultCooldownDays))).Max();

    /// <summary>When the latest open, retryable dead letter is due; resolved ones are gone.</summary>
    public static DateTimeOffset? RetryUntil(IEnumerable<(bool Permanent, DateTimeOffset? NextRetryAt, bool Resolved)> letters) =>
        letters.Where(l => !l.Resolved && !l.Permanent).Select(l => l.NextRetryAt).Max();

    /// <summary>
    /// Orders rows sharing one normalised email, the primary first: highest revenue (unknown last), then merchant name
    /// (missing last), then raw email and platform domain, all compared ordinally (the views compare bytes).
    /// </summary>
    public static readonly IComparer<Prospect> Precedence = Comparer<Prospect>.Create((a, b) =>
    {
        var (ra, rb) = (Known(a.EstimatedSalesYearly), Known(b.EstimatedSalesYearly));
        var revenue = ra is null ? (rb is null ? 0 : 1) : rb is null ? -1 : rb.Value.CompareTo(ra.Value);
        if (revenue != 0) return revenue;
        var merchant = a.MerchantName is null ? (b.MerchantName is null ? 0 : 1)
            : b.MerchantName is null ? -1 : string.CompareOrdinal(a.MerchantName, b.MerchantName);
        if (merchant != 0) return merchant;
        var raw = string.CompareOrdinal(a.Email, b.Email);
        return raw != 0 ? raw : string.CompareOrdinal(a.PlatformDomain, b.PlatformDomain);
    });

    private static decimal? Known(decimal? revenue) => revenue is < 0 ? null : revenue;
}
