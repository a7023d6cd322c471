namespace ColdEmail.Warehouse;

/// <summary>
/// A warehouse operation failed. The message names the object or job and carries the engine's own message;
/// <see cref="JobId"/> is set for BigQuery jobs so an operator can look the job up in the console.
/// </summary>
public class WarehouseException : Exception
{
    public WarehouseException(string message, Exception? inner = null, string? jobId = null) : base(message, inner) => JobId = jobId;

    public WarehouseException()
    {
    }

    public WarehouseException(string message) : base(message)
    {
    }

    public WarehouseException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public string? JobId { get; }
}
