namespace ColdEmail.Pipeline.Performance;

/// <summary>What one capture did: rows written, and the campaigns it could not read with why.</summary>
public sealed record PerformanceSnapshot(DateOnly Date, int RowsWritten, IReadOnlyList<string> Failures)
{
    public bool Succeeded => Failures.Count == 0;
}
