namespace ColdEmail.Sandbox.State;

/// <summary>An email verification as the API reports it.</summary>
internal sealed record VerificationView(string Email, string VerificationStatus, object CatchAll, int Credits, int CreditsUsed);

public sealed partial class SandboxState
{
    private sealed class Verification
    {
        public required string Email { get; init; }
        public required DateTimeOffset Started { get; init; }
        public required string Outcome { get; init; }
        public required bool CatchAll { get; init; }
        public required bool Slow { get; init; }
        public int Polls { get; set; }
    }

    private readonly Dictionary<string, Verification> _verifications = new(StringComparer.Ordinal);

    /// <summary>
    /// Deterministic by address: a local part starting with "invalid" or a domain ending ".invalid" is invalid; a domain
    /// containing "catchall" is catch-all; a local part containing "slow" stays pending for 10 simulated seconds or two polls.
    /// </summary>
    internal (VerificationView? View, Refusal? Refusal) StartVerification(string email)
    {
        lock (Gate)
        {
            if (VerificationCredits <= 0) return (null, new Refusal(402, "Insufficient email verification credits"));
            var key = NormaliseEmail(email);
            VerificationCredits--;
            var at = key.IndexOf('@');
            var local = at > 0 ? key[..at] : key;
            var domain = at > 0 ? key[(at + 1)..] : "";
            var v = new Verification
            {
                Email = email.Trim(),
                Started = Now,
                Outcome = !IsValidEmail(email) || local.StartsWith("invalid", StringComparison.Ordinal) || domain.EndsWith(".invalid", StringComparison.Ordinal)
                    ? "invalid" : "verified",
                CatchAll = domain.Contains("catchall", StringComparison.Ordinal),
                Slow = local.Contains("slow", StringComparison.Ordinal),
            };
            _verifications[key] = v;
            return (View(v, creditsUsed: 1), null);
        }
    }

    internal VerificationView? GetVerification(string email)
    {
        lock (Gate)
        {
            if (!_verifications.TryGetValue(NormaliseEmail(email), out var v)) return null;
            v.Polls++;
            return View(v, creditsUsed: 0);
        }
    }

    private VerificationView View(Verification v, int creditsUsed)
    {
        var pending = v.Slow && v.Polls < 2 && Now - v.Started < TimeSpan.FromSeconds(10);
        return pending
            ? new VerificationView(v.Email, "pending", "pending", VerificationCredits, creditsUsed)
            : new VerificationView(v.Email, v.Outcome, v.CatchAll, VerificationCredits, creditsUsed);
    }
}
