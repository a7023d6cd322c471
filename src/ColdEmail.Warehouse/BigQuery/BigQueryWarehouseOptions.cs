namespace ColdEmail.Warehouse.BigQuery;

/// <summary>
/// Where the BigQuery warehouse lives. <paramref name="CredentialsFile"/> names a service-account JSON file;
/// without it, application default credentials are used. <paramref name="Endpoint"/> is only changed by tests.
/// </summary>
public sealed record BigQueryWarehouseOptions(
    string ProjectId,
    string DatasetId,
    string? Location = null,
    string? CredentialsFile = null,
    Uri? Endpoint = null,
    TimeProvider? TimeProvider = null,
    int DmlBatchSize = 5_000,
    IReadOnlyList<TimeSpan>? TransientRetryDelays = null,
    TimeSpan? JobTimeout = null,
    ColdEmail.Domain.Routing.CampaignRouting? Routing = null,
    bool VerificationEnabled = true)
{
    /// <summary>Longest a job may take from submission to completion before polling stops with an error naming it (and it is cancelled).</summary>
    public static readonly TimeSpan DefaultJobTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Waits before retrying a 429/5xx or a dropped connection; jobs.query carries a requestId, so a retry never runs a job twice.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15)];

    public static readonly Uri DefaultEndpoint = new("https://bigquery.googleapis.com/");

    /// <summary>The <c>project.dataset</c> that replaces <c>${dataset}</c> in the SQL files.</summary>
    public string QualifiedDataset => $"{ProjectId}.{DatasetId}";
}
