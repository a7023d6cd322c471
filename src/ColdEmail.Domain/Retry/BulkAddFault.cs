namespace ColdEmail.Domain.Retry;

/// <summary>How Instantly's answer to a call arrived, before its status and message are read.</summary>
public enum AnswerKind
{
    /// <summary>A non-2xx HTTP status.</summary>
    Http,
    /// <summary>A 2xx whose body carries a non-null <c>error</c>: Instantly may have applied the write.</summary>
    ErrorInBody,
    /// <summary>No answer: timeout or a dropped connection. The write may have been applied.</summary>
    NoAnswer,
    /// <summary>A 2xx that is not the JSON the schema promises. The write may have been applied.</summary>
    Garbage,
    /// <summary>Nothing was sent (our own circuit breaker refused).</summary>
    NotSent,
}

/// <summary>
/// The scope of a failed bulk add: whether the fault belongs to one lead, to the request or account, or is
/// passing. Only lead faults may touch a lead's state; request and account faults fail the campaign's run and
/// leave every lead ready, because no lead caused them.
/// </summary>
public enum BulkAddFault
{
    /// <summary>429: nothing was applied; retried by the seed's table.</summary>
    RateLimited,
    /// <summary>5xx, timeout, dropped connection, 2xx with an error, garbage: the write may have happened; reconcile before anything else.</summary>
    Unclear,
    /// <summary>409: some leads already exist; reconcile.</summary>
    Duplicate,
    /// <summary>The error names a lead (<c>body/leads/N/…</c>) or is a 422: bisect down to the culprit.</summary>
    LeadData,
    /// <summary>A 400 that names neither a lead nor a top-level field: one lead alone decides (probe).</summary>
    Ambiguous,
    /// <summary>A 4xx about the request itself (<c>body/campaign_id …</c>, an unknown status): fail the run.</summary>
    Request,
    /// <summary>401, 402, 403, 404: the key, the plan or the campaign. Fail the run.</summary>
    Account,
    /// <summary>Our breaker refused before sending: nothing reached Instantly. Fail the run.</summary>
    NotSent,
}
