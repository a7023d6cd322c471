namespace ColdEmail.Domain.Retry;

public enum RetryAction
{
    Retry,
    Quarantine,
    MarkExisting,
    DeadLetter,
}
