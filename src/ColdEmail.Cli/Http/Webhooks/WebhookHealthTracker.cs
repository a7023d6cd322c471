using System.Globalization;
using ColdEmail.Pipeline.Webhooks;

namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>
/// Webhook health for the status page, kept by the receiver and the replay as they work (no ask to the inbox on a page
/// load): counts since start, the last delivery and the last replay. Counts and times only, never an address or the token.
/// </summary>
public sealed class WebhookHealthTracker(TimeProvider time, bool receiverEnabled)
{
    private readonly Lock _gate = new();
    private long _accepted, _duplicates, _ignored, _refused, _wrongToken, _unavailable;
    private DateTimeOffset? _lastAccepted;
    private (DateTimeOffset At, WebhookReplayReport? Report)? _lastReplay;

    public bool ReceiverEnabled => receiverEnabled;

    public void Answered(string result)
    {
        lock (_gate)
        {
            switch (result)
            {
                case "accepted": _accepted++; _lastAccepted = time.GetUtcNow(); break;
                case "duplicate": _duplicates++; break;
                case "ignored": _ignored++; break;
                case "wrong_token": _wrongToken++; break;
                case "unavailable": _unavailable++; break;
                default: _refused++; break;
            }
        }
    }

    public void Replayed(WebhookReplayReport? report)
    {
        lock (_gate) _lastReplay = (time.GetUtcNow(), report);
    }

    /// <summary>Healthy when the receiver is on, nothing was turned away for lack of capacity and the last replay worked.</summary>
    public (bool Healthy, string Headline, IReadOnlyList<string> Lines) Snapshot()
    {
        lock (_gate)
        {
            if (!receiverEnabled)
                return (true, "receiver off (COLDEMAIL_WEBHOOK_TOKEN not set): the polling drain alone finds outcomes", []);
            var lines = new List<string>
            {
                $"since start: {_accepted} accepted, {_duplicates} duplicates, {_ignored} ignored, {_refused} refused, {_wrongToken} wrong token, {_unavailable} not kept (503)",
                _lastAccepted is { } at ? $"last event accepted {Stamp(at)}" : "no event accepted yet",
            };
            var replayOk = true;
            if (_lastReplay is { } r)
            {
                replayOk = r.Report is { Error: null };
                lines.Add(r.Report is { } rep
                    ? rep.Error is null
                        ? $"last replay {Stamp(r.At)}: {rep.Failed} failed deliveries in Instantly's log, {rep.Accepted} applied, {rep.Duplicates} already applied"
                        : $"last replay {Stamp(r.At)} stopped: {rep.Error}"
                    : $"last replay {Stamp(r.At)} failed (see the log)");
            }
            else lines.Add("no replay of failed deliveries yet (hourly)");
            var healthy = replayOk && _unavailable == 0;
            return (healthy, healthy ? "receiving" : "problems: see below", lines);
        }
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
