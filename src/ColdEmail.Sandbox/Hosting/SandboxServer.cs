using ColdEmail.Sandbox.Admin;
using ColdEmail.Sandbox.Api;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ColdEmail.Sandbox.Hosting;

/// <summary>
/// A running sandbox: Instantly API v2 on Kestrel, in this process. Start it, point a client at
/// <see cref="BaseAddress"/> with <see cref="ApiKey"/>, move its clock with <see cref="AdvanceDays"/>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxRuntime _rt;
    private int _stopped;

    private SandboxServer(WebApplication app, SandboxRuntime rt, Uri baseAddress)
    {
        _app = app;
        _rt = rt;
        BaseAddress = baseAddress;
    }

    /// <summary>The root to give a client, e.g. http://127.0.0.1:54321/ (the API is under api/v2).</summary>
    public Uri BaseAddress { get; }
    public string ApiKey => _rt.ApiKey;
    /// <summary>Campaign ids by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> CampaignIds => _rt.State.CampaignIds;
    public SandboxState State => _rt.State;
    public CampaignEngine Engine => _rt.Engine;
    public TimeProvider Clock => _rt.Clock;
    /// <summary>The clock when it is a <see cref="Hosting.SimulatedClock"/> (the default), else null.</summary>
    public SimulatedClock? SimulatedClock => _rt.Clock as SimulatedClock;
    public bool Strict
    {
        get => _rt.Strict;
        set => _rt.Strict = value;
    }
    public FaultOptions Faults => _rt.Faults.Options;
    public RateLimitOptions RateLimits => _rt.RateLimiter.Options;

    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey)) throw new ArgumentException("SandboxOptions.ApiKey is empty.", nameof(options));
        options.Faults.Validate();
        options.Outcomes.Validate();
        var clock = options.TimeProvider ?? new SimulatedClock();
        var state = new SandboxState(clock, Guid.CreateVersion7(clock.GetUtcNow()).ToString(), options.PlanLeadLimit, options.VerificationCredits);
        state.SetBlocklist(options.Blocklist);
        var loaded = options.StateFile is { } file && StateFile.TryLoad(state, file);
        if (!loaded)
            foreach (var spec in options.Campaigns) state.AddCampaign(spec);
        var webhooks = new Webhooks.WebhookRegistry(clock);
        var dispatcher = new Webhooks.WebhookDispatcher(webhooks, () => state.OrganizationId, options.WebhookFailuresBeforeDisable, options.WebhookTimeout);
        state.WebhookSink = dispatcher.Signal;
        var limiter = new WorkspaceRateLimiter(RateLimitOptions.Off);
        limiter.Set(options.RateLimits);
        var rt = new SandboxRuntime
        {
            Options = options,
            State = state,
            Engine = new CampaignEngine(state, clock, options.Outcomes, options.Seed),
            Faults = new FaultInjector(options.Faults, options.Seed),
            RateLimiter = limiter,
            Clock = clock,
            ApiKey = options.ApiKey,
            Strict = options.Strict,
            Webhooks = webhooks,
            Dispatcher = dispatcher,
        };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        if (options.LoggerProvider is { } provider) builder.Logging.AddProvider(provider);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        var app = builder.Build();
        // Outside the guard, so the 429s it answers are counted too.
        Admin.RequestLog.Map(app, new Admin.RequestLog());
        app.Use((ctx, next) => ApiGuard.InvokeAsync(ctx, next, rt));
        LeadEndpoints.Map(app, rt);
        CampaignEndpoints.Map(app, rt);
        VerificationEndpoints.Map(app, rt);
        BlockListEndpoints.Map(app, rt);
        WebhookApiEndpoints.Map(app, rt);
        AdminEndpoints.Map(app, rt);
        ScenarioEndpoints.Map(app, rt);
        // The real service answers an unknown route (or a known path with the wrong method) with the envelope.
        app.MapFallback("/api/v2/{**rest}", ctx =>
            ApiResponses.Error(ctx, 404, $"Route {ctx.Request.Method}:{ctx.Request.Path} not found"));
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.Replace("//[::]", "//127.0.0.1", StringComparison.Ordinal).Replace("//0.0.0.0", "//127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new SandboxServer(app, rt, baseAddress);
    }

    /// <summary>Moves the sandbox's clock (which must be a <see cref="SimulatedClock"/>) and runs the campaign engine for each day passed.</summary>
    public void Advance(TimeSpan delta)
    {
        if (_rt.Clock is not SimulatedClock clock)
            throw new InvalidOperationException($"The sandbox clock is a {_rt.Clock.GetType().Name}, which it cannot move: advance that clock yourself, then call RunEngine().");
        clock.Advance(delta);
        _rt.Engine.CatchUp();
    }

    public void AdvanceDays(int days) => Advance(TimeSpan.FromDays(days));

    /// <summary>Runs the campaign engine for the days the clock has passed (for a clock advanced by someone else).</summary>
    public int RunEngine() => _rt.Engine.CatchUp();

    /// <summary>Completes once every webhook the simulation raised so far has been delivered (or failed) and logged.</summary>
    public Task WebhooksDeliveredAsync() => _rt.Dispatcher.IdleAsync();

    public void SetFaults(FaultOptions faults) => _rt.Faults.Set(faults);

    /// <summary>
    /// Arms a deterministic fault for the next <see cref="ScriptedFault.Times"/> calls of one <see cref="SandboxOperation"/>,
    /// e.g. <c>sandbox.ArmFault(SandboxOperation.BulkDelete, new PartialDeleteFault(1))</c>.
    /// </summary>
    public void ArmFault(string operation, ScriptedFault fault) => _rt.Script.Arm(operation, fault);

    /// <summary>Disarms every scripted fault.</summary>
    public void ClearScriptedFaults() => _rt.Script.Clear();

    /// <summary>The scripted faults still armed, with the calls each has left.</summary>
    public IReadOnlyList<(string Operation, ScriptedFault Fault, int Left)> ScriptedFaults => _rt.Script.Armed;

    public void SetRateLimits(RateLimitOptions limits) => _rt.RateLimiter.Set(limits);

    public void SetOutcomes(OutcomeProbabilities outcomes) => _rt.Engine.SetOutcomes(outcomes);

    /// <summary>Back to the start: no leads, the configured campaigns (with new ids), the configured faults, limits, outcomes and mode, generators reseeded.</summary>
    public void Reset() => SandboxReset.Apply(_rt);

    public void Save(string path) => StateFile.Save(_rt.State, path);

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _app.StopAsync(ct);
        if (_rt.Options is { StateFile: { } file, SaveOnStop: true }) StateFile.Save(_rt.State, file);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        await _rt.Dispatcher.DisposeAsync();
    }

    public override string ToString() => $"SandboxServer({BaseAddress}, strict={Strict})";
}

internal static class SandboxReset
{
    public static void Apply(SandboxRuntime rt)
    {
        rt.State.Clear();
        foreach (var spec in rt.Options.Campaigns) rt.State.AddCampaign(spec);
        rt.State.SetBlocklist(rt.Options.Blocklist);
        rt.Engine.Reset();
        rt.Engine.SetOutcomes(rt.Options.Outcomes);
        rt.Faults.Set(rt.Options.Faults);
        rt.Faults.Reseed(rt.Options.Seed);
        rt.Script.Clear();
        rt.RateLimiter.Set(rt.Options.RateLimits);
        rt.Strict = rt.Options.Strict;
        rt.Webhooks.Clear();
    }
}
