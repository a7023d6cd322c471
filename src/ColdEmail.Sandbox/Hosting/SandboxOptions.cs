using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Faults;

namespace ColdEmail.Sandbox.Hosting;

/// <summary>How a sandbox starts. Every default matches the real service where the real service has one.</summary>
public sealed class SandboxOptions
{
    public string ApiKey { get; init; } = "sandbox-key";
    /// <summary>Kestrel address; port 0 picks a free port (see <see cref="SandboxServer.BaseAddress"/>).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";
    /// <summary>Unknown body fields answer 400 naming the field, instead of being dropped silently like the real API does.</summary>
    public bool Strict { get; init; }
    /// <summary>The sandbox's "now". Pass a <see cref="SimulatedClock"/> to share it and to advance it; defaults to a new one.</summary>
    public TimeProvider? TimeProvider { get; init; }
    public RateLimitOptions RateLimits { get; init; } = RateLimitOptions.Real;
    public FaultOptions Faults { get; init; } = FaultOptions.None;
    public int Seed { get; init; } = 42;
    /// <summary>Campaigns created at start (when no state file was loaded).</summary>
    public IReadOnlyList<CampaignSpec> Campaigns { get; init; } = [new("SMB", 50, 5), new("Midsize", 30, 7)];
    public OutcomeProbabilities Outcomes { get; init; } = OutcomeProbabilities.Typical;
    /// <summary>Lead uploads the plan allows in total (<c>remaining_in_plan</c>); a bulk add larger than what remains is refused whole with 403.</summary>
    public int PlanLeadLimit { get; init; } = 10_000_000;
    /// <summary>Failed webhook deliveries in a row that disable a webhook (status -1) until it is resumed.</summary>
    public int WebhookFailuresBeforeDisable { get; init; } = 3;
    /// <summary>How long a webhook delivery waits for the receiver's answer before it counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Blocked emails and whole domains (an entry without '@' is a domain).</summary>
    public IReadOnlyCollection<string> Blocklist { get; init; } = [];
    /// <summary>Email verification credits.</summary>
    public int VerificationCredits { get; init; } = 100_000;
    /// <summary>Loaded at start when it exists; written on stop when <see cref="SaveOnStop"/>.</summary>
    public string? StateFile { get; init; }
    public bool SaveOnStop { get; init; } = true;
    /// <summary>Runs the campaign engine for elapsed days at each API request, so an externally advanced clock is honoured.</summary>
    public bool CatchUpOnRequests { get; init; } = true;
    /// <summary>Receives Kestrel's and the sandbox's log lines; null keeps the embedded server silent.</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; init; }
}

/// <summary>A campaign the sandbox creates: its name, how many emails it may send a day, and how many steps its sequence has.</summary>
public sealed record CampaignSpec(string Name, int DailyLimit = 50, int SequenceLength = 5, int StepDelayDays = 2)
{
    public static implicit operator CampaignSpec((string Name, int DailyLimit, int SequenceLength) spec) =>
        new(spec.Name, spec.DailyLimit, spec.SequenceLength);
}

/// <summary>The workspace-wide limits of the real API: 100 requests a second and 6,000 a minute.</summary>
public sealed record RateLimitOptions(bool Enabled = true, int PerSecond = 100, int PerMinute = 6_000)
{
    public static RateLimitOptions Real { get; } = new();
    public static RateLimitOptions Off { get; } = new(Enabled: false);
    /// <summary>The clock the windows are measured on; null is real time (a frozen simulated clock would block forever).</summary>
    public TimeProvider? Clock { get; init; }
}
