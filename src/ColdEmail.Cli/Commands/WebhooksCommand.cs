using System.CommandLine;
using ColdEmail.Cli.Http.Webhooks;
using ColdEmail.Domain.Webhooks;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Instantly.Webhooks;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Commands;

/// <summary>
/// `webhooks register|status`: subscribes the daemon's receiver ({coldemail.webhooks.public-url}/webhooks/instantly/{token})
/// to the events that feed contact safety, one Instantly webhook per event type, without duplicating an existing one and
/// resuming one Instantly disabled after failed deliveries; `status` shows each subscription's state. The token is never
/// printed: URLs are shown with their last segment masked.
/// </summary>
public static class WebhooksCommand
{
    public static Command Create(CliConsole console)
    {
        var publicUrl = new Option<string?>("--public-url") { Description = "Where Instantly reaches the daemon (overrides coldemail.webhooks.public-url)" };
        var register = new Command("register", "Subscribe the daemon's webhook receiver to the contact-safety events (idempotent; resumes disabled webhooks)") { publicUrl };
        register.SetVerbAction(console, async (ctx, ct) =>
        {
            var settings = ctx.LoadFileSettings().Settings;
            var target = Target(settings.Webhooks, ctx.Get(publicUrl));
            using var api = Client(settings);
            var existing = await AllAsync(api, ct);
            var created = 0;
            var resumed = 0;
            foreach (var type in WebhookEventTypes.Subscribed)
            {
                var mine = existing.Where(h => h.TargetHookUrl == target && h.EventType == type).ToList();
                if (mine.Count == 0)
                {
                    var hook = Check(await api.CreateWebhookAsync(new CreateWebhookRequest(target, type, Name: "coldemail " + type), ct), "create");
                    await ctx.Console.Out.WriteLineAsync($"{type,-24} created   {hook.Id}");
                    created++;
                    continue;
                }
                foreach (var hook in mine)
                {
                    if (hook.IsDisabled)
                    {
                        Check(await api.ResumeWebhookAsync(hook.Id, ct), "resume");
                        await ctx.Console.Out.WriteLineAsync($"{type,-24} resumed   {hook.Id} (disabled since {Stamp(hook.TimestampError)})");
                        resumed++;
                    }
                    else await ctx.Console.Out.WriteLineAsync($"{type,-24} exists    {hook.Id}");
                }
            }
            await ctx.Console.Out.WriteLineAsync(
                $"{WebhookToken.Mask(target)}: {created} created, {resumed} resumed, {WebhookEventTypes.Subscribed.Count - created} already there");
            return ExitCodes.Ok;
        });

        var status = new Command("status", "Show the Instantly webhooks that deliver to a ColdEmail receiver and their state");
        status.SetVerbAction(console, async (ctx, ct) =>
        {
            var settings = ctx.LoadFileSettings().Settings;
            using var api = Client(settings);
            var ours = (await AllAsync(api, ct)).Where(h => h.TargetHookUrl.Contains(Pipeline.Webhooks.WebhookReplay.ReceiverPath, StringComparison.Ordinal)).ToList();
            if (ours.Count == 0)
            {
                await ctx.Console.Out.WriteLineAsync("No Instantly webhook delivers to a ColdEmail receiver: run `coldemail webhooks register`.");
                return ExitCodes.Ok;
            }
            foreach (var h in ours)
            {
                var state = h.IsDisabled ? $"DISABLED since {Stamp(h.TimestampError)} (failed deliveries; `webhooks register` resumes it)"
                    : h.Status == InstantlyWebhook.StatusActive ? "active" : $"status {h.Status?.ToString() ?? "unknown"}";
                await ctx.Console.Out.WriteLineAsync($"{h.EventType ?? "(custom label)",-24} {state,-12} {WebhookToken.Mask(h.TargetHookUrl)}  {h.Id}");
            }
            var missing = WebhookEventTypes.Subscribed.Where(t => ours.All(h => h.EventType != t && h.EventType != "all_events")).ToList();
            if (missing.Count > 0) await ctx.Console.Out.WriteLineAsync($"not subscribed: {string.Join(", ", missing)} (run `coldemail webhooks register`)");
            var disabled = ours.Count(h => h.IsDisabled);
            await ctx.Console.Out.WriteLineAsync($"{ours.Count} webhook(s), {disabled} disabled, {missing.Count} event type(s) missing");
            return ExitCodes.Ok;
        });

        return new Command("webhooks", "Instantly webhooks into the daemon's receiver (README \"Instantly webhooks\")") { register, status };
    }

    private static string Target(WebhookSettings s, string? overrideUrl)
    {
        if (!s.Token.IsSet)
            throw new CliUsageException($"{WebhookSettings.EnvToken} is not set: the receiver is off, so there is nothing to register (e.g. export {WebhookSettings.EnvToken}=$(openssl rand -hex 32))");
        Uri? url = s.PublicUrl;
        if (overrideUrl is not null && (!Uri.TryCreate(overrideUrl, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            throw new CliUsageException("--public-url: expected an absolute http(s) URL");
        if (url is null)
            throw new CliUsageException("coldemail.webhooks.public-url is not set: where does Instantly reach this daemon? (or pass --public-url)");
        return url.AbsoluteUri.TrimEnd('/') + Pipeline.Webhooks.WebhookReplay.ReceiverPath + s.Token.Reveal();
    }

    private static InstantlyHttpClient Client(ColdEmailSettings s)
    {
        if (!s.Instantly.ApiKey.IsSet)
            throw new CliUsageException("coldemail.instantly.api-key is not set: export INSTANTLY_API_KEY (scopes webhooks:read, webhooks:create, webhooks:update)");
        return new InstantlyHttpClient(new InstantlyClientOptions
        {
            BaseAddress = s.Instantly.BaseUrl, ApiKey = s.Instantly.ApiKey.Reveal(), Timeout = s.Instantly.Timeout,
        });
    }

    private static async Task<List<InstantlyWebhook>> AllAsync(InstantlyHttpClient api, CancellationToken ct)
    {
        var all = new List<InstantlyWebhook>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            var result = Check(await api.ListWebhooksAsync(100, after, ct), "list");
            all.AddRange(result.Items);
            if (result.Items.Count == 0 || result.NextStartingAfter is null) break;
            after = result.NextStartingAfter;
        }
        return all;
    }

    /// <summary>A failed call ends the verb with Instantly's message (which never holds our token: it is in no request we show).</summary>
    private static T Check<T>(InstantlyResult<T> result, string what) =>
        result.IsSuccess ? result.Value : throw new CliUsageException($"Instantly refused the webhook {what}: {result.Error}");

    private static string Stamp(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown time";
}
