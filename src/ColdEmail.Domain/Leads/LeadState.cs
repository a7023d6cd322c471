namespace ColdEmail.Domain.Leads;

/// <summary>The lead lifecycle of the seed's state machine.</summary>
public enum LeadState
{
    Eligible,
    Active,
    Skipped,
    Quarantine,
    Engaged,
    Completed,
    Archived,
}
