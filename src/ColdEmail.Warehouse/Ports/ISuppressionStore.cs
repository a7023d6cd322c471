namespace ColdEmail.Warehouse.Ports;

/// <summary>The permanent do-not-contact lists and erasure.</summary>
public interface ISuppressionStore
{
    Task AddSuppressionsAsync(IReadOnlyList<Suppression> entries, CancellationToken ct = default);
    Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default);

    /// <summary>Suppresses whole domains (lower case, no "@"); the first entry for a domain wins, like email suppression.</summary>
    Task AddDomainSuppressionsAsync(IReadOnlyList<DomainSuppression> entries, CancellationToken ct = default);

    /// <summary>
    /// GDPR/CCPA erasure of one address, in one transaction where the engine has them: deletes its rows from
    /// eligible_leads (when it is a table), ops_inst_state, ops_lead_history, ops_dead_letters,
    /// ops_email_verification and suppression, and keeps only a hashed suppression row
    /// (<see cref="ColdEmail.Domain.Leads.EmailIdentity.Sha256Hex"/> of the normalised address), so the view excludes a
    /// later import of the same address. Running it again changes nothing.
    /// </summary>
    Task<ErasureReport> ForgetAsync(string email, DateTimeOffset at, CancellationToken ct = default);
}
