using ColdEmail.Domain.Leads;

namespace ColdEmail.Domain.Verification;

/// <summary>
/// Two stages. <see cref="CheckAddress"/> runs on our side before spending a verification credit:
/// syntax, role account, disposable and free-mail domains. <see cref="FromInstantly"/> maps Instantly's
/// answer (verification_status × catch_all) to a decision. <see cref="Evaluate"/> chains them.
/// </summary>
public sealed class EmailVerificationRules
{
    private readonly DomainList _roles;
    private readonly DomainList _free;
    private readonly DomainList _disposable;

    public VerificationPolicy Policy { get; }

    public EmailVerificationRules(VerificationPolicy? policy = null)
        : this(policy, DomainList.RoleAccounts.Value, DomainList.FreeMail.Value, DomainList.Disposable.Value)
    {
    }

    public EmailVerificationRules(VerificationPolicy? policy, DomainList roleAccounts, DomainList freeMail, DomainList disposable)
    {
        Policy = policy ?? VerificationPolicy.Default;
        _roles = roleAccounts;
        _free = freeMail;
        _disposable = disposable;
    }

    public bool IsRoleAccount(EmailAddress email) => _roles.Contains(email.LocalPart);
    public bool IsFreeMail(EmailAddress email) => _free.ContainsDomainOrParent(email.Domain);
    public bool IsDisposable(EmailAddress email) => _disposable.ContainsDomainOrParent(email.Domain);

    /// <summary>Our own checks: Send when nothing objects (Instantly may still be asked), else Reject.</summary>
    public VerificationDecision CheckAddress(string? rawEmail)
    {
        if (!EmailAddress.TryParse(rawEmail, out var email, out var why))
            return new VerificationDecision.Reject($"invalid syntax: {why}");
        return CheckAddress(email);
    }

    public VerificationDecision CheckAddress(EmailAddress email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (Policy.RejectDisposable && IsDisposable(email))
            return new VerificationDecision.Reject($"{email.Domain} is a disposable mail service");
        if (Policy.RejectRoleAccounts && IsRoleAccount(email))
            return new VerificationDecision.Reject($"{email.LocalPart}@ is a role account, not a person");
        if (Policy.RejectFreeMail && IsFreeMail(email))
            return new VerificationDecision.Reject($"{email.Domain} is a free mail provider");
        var notes = new List<string>();
        if (!Policy.RejectRoleAccounts && IsRoleAccount(email)) notes.Add("role account allowed by policy");
        if (!Policy.RejectFreeMail && IsFreeMail(email)) notes.Add("free mail allowed by policy");
        return new VerificationDecision.Send(notes.Count == 0 ? "address passes syntax, role, disposable and free-mail checks" : "address passes; " + string.Join(", ", notes));
    }

    /// <summary>Instantly's verification result as a decision.</summary>
    public VerificationDecision FromInstantly(VerificationStatus status, CatchAllState catchAll) => (status, catchAll) switch
    {
        (VerificationStatus.Invalid, _) => new VerificationDecision.Reject("Instantly verified the address as invalid"),
        (VerificationStatus.Pending, _) => new VerificationDecision.Wait("Instantly's verification is still pending"),
        (VerificationStatus.Verified, CatchAllState.No) => new VerificationDecision.Send("Instantly verified the address (not catch-all)"),
        (VerificationStatus.Verified, CatchAllState.Pending) => new VerificationDecision.Wait("verified, but Instantly's catch-all check is still pending"),
        (VerificationStatus.Verified, CatchAllState.Yes) when Policy.AllowCatchAll =>
            new VerificationDecision.Send("verified on a catch-all domain (catch-all allowed by policy)"),
        (VerificationStatus.Verified, CatchAllState.Yes) =>
            new VerificationDecision.Reject("the domain is catch-all: the mailbox cannot be confirmed and policy refuses catch-all"),
        _ => new VerificationDecision.Reject($"unknown verification result {status}/{catchAll}"),
    };

    /// <summary>Our checks first (they cost nothing), then Instantly's result when there is one.</summary>
    public VerificationDecision Evaluate(string? rawEmail, VerificationStatus? status, CatchAllState? catchAll)
    {
        var local = CheckAddress(rawEmail);
        if (!local.IsSend) return local;
        if (status is null) return new VerificationDecision.Wait($"{local.Reason}; not yet verified by Instantly");
        return FromInstantly(status.Value, catchAll ?? CatchAllState.Pending);
    }
}
