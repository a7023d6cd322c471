using System.CommandLine;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Cli.Commands;

/// <summary>`sandbox`: the Instantly API v2 simulator alone, for pointing a config (or curl) at it.</summary>
public static class SandboxCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var apiKey = new Option<string>("--api-key") { Description = "Bearer key the simulator accepts", DefaultValueFactory = _ => "sandbox-key" };
        var state = new Option<string?>("--state-file") { Description = "Load the simulator's state from this file and save it on stop" };
        var strict = new Option<bool>("--strict") { Description = "Answer 400 on unknown body fields (the real API ignores them)" };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second (0: the clock moves only via /_sandbox/clock/advance)" };
        var command = new Command("sandbox", "Run the Instantly API v2 simulator on its own") { urls, apiKey, state, strict, speed };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            var settings = ctx.LoadFileSettings().Settings;
            var clock = new SimulatedClock(DateTimeOffset.UtcNow);
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
            {
                Urls = ctx.Get(urls)!,
                ApiKey = ctx.Get(apiKey)!,
                StateFile = ctx.Get(state),
                Strict = ctx.Get(strict),
                TimeProvider = clock,
                Campaigns = settings.Campaigns.Enabled.Select(c => new CampaignSpec(c.Name, c.DailyLimit, c.SequenceLength)).ToList(),
            }, ct);
            await ctx.Console.Out.WriteLineAsync($"Instantly API v2 sandbox listening on {sandbox.BaseAddress}");
            foreach (var (name, id) in sandbox.CampaignIds)
            {
                await ctx.Console.Out.WriteLineAsync($"campaign {name} {id}");
            }
            await ctx.Console.Out.WriteLineAsync($"point coldemail.instantly.base-url at it and set INSTANTLY_API_KEY={ctx.Get(apiKey)}; Ctrl-C stops");
            await ctx.Console.Out.FlushAsync(ct);
            var perSecond = ctx.Get(speed);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    if (perSecond > 0)
                    {
                        sandbox.Advance(TimeSpan.FromSeconds(perSecond));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                await ctx.Console.Out.WriteLineAsync("sandbox stopped");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
