namespace ColdEmail.Sandbox.State;

/// <summary>One entry of the workspace block list (Instantly's <c>BlockListEntry</c>): an email or a whole domain.</summary>
internal sealed class BlockListEntry
{
    public required Guid Id { get; init; }
    public required UInt128 Key { get; init; }
    public required string IdText { get; init; }
    /// <summary>As given (trimmed).</summary>
    public required string Value { get; set; }
    /// <summary>Trimmed, lower-case: what a lead's email or domain is compared with.</summary>
    public required string Match { get; set; }
    public required bool IsDomain { get; set; }
    public required DateTimeOffset TimestampCreated { get; init; }

    public BlockListSnapshot Snapshot() => new(IdText, Value, IsDomain, TimestampCreated);
}

/// <summary>A read-only copy of a block-list entry, for tests and the admin endpoints.</summary>
public sealed record BlockListSnapshot(string Id, string Value, bool IsDomain, DateTimeOffset TimestampCreated);

/// <summary>A call to the unfiltered-by-ids <c>DELETE /api/v2/block-lists-entries</c> ("delete all"): recorded so a test can fail on it.</summary>
public sealed record BlockListWipe(DateTimeOffset At, bool? DomainsOnly, string? Search, int Deleted);
