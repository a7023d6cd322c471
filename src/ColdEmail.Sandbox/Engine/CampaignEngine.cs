using ColdEmail.Sandbox.State;

namespace ColdEmail.Sandbox.Engine;

/// <summary>
/// Sends the campaigns' emails, one simulated day at a time: each day, a campaign sends up to its daily limit,
/// to active leads whose next step is due (oldest due first), and draws each email's outcome.
/// A day is run once the clock has passed its end.
/// </summary>
public sealed class CampaignEngine
{
    private readonly SandboxState _state;
    private readonly TimeProvider _clock;
    private readonly Lock _run = new();
    private Random _random;
    private long _nextDay;
    private long _daysRun, _sent, _bounces, _opens, _clicks, _replies, _autoReplies, _unsubscribes, _completed, _labelled;
    // Labels Instantly sets on genuine replies, applied one simulated day after the reply (so a reply is first seen unlabelled).
    private readonly List<(SandboxLead Lead, int Label, DateTimeOffset At)> _pendingLabels = [];
    private int _maxDaily;

    internal CampaignEngine(SandboxState state, TimeProvider clock, OutcomeProbabilities outcomes, int seed)
    {
        outcomes.Validate();
        _state = state;
        _clock = clock;
        Outcomes = outcomes;
        Seed = seed;
        _random = new Random(seed);
        _nextDay = SandboxState.DayOf(clock.GetUtcNow());
    }

    public OutcomeProbabilities Outcomes { get; private set; }
    private int Seed { get; }

    public void SetOutcomes(OutcomeProbabilities outcomes)
    {
        outcomes.Validate();
        lock (_run) Outcomes = outcomes;
    }

    public EngineStats Stats
    {
        get { lock (_run) return new(_daysRun, _sent, _bounces, _opens, _clicks, _replies, _autoReplies, _unsubscribes, _completed, _labelled, _maxDaily); }
    }

    /// <summary>Runs every day that has fully elapsed on the clock and not run yet. Returns how many days ran.</summary>
    public int CatchUp()
    {
        var today = SandboxState.DayOf(_clock.GetUtcNow());
        if (Volatile.Read(ref _nextDay) >= today) return 0;
        lock (_run)
        {
            var ran = 0;
            while (_nextDay < today)
            {
                RunDay(_nextDay);
                _nextDay++;
                _daysRun++;
                ran++;
            }
            return ran;
        }
    }

    internal void Reset()
    {
        lock (_run)
        {
            _random = new Random(Seed);
            _nextDay = SandboxState.DayOf(_clock.GetUtcNow());
            _daysRun = _sent = _bounces = _opens = _clicks = _replies = _autoReplies = _unsubscribes = _completed = _labelled = 0;
            _pendingLabels.Clear();
            _maxDaily = 0;
        }
    }

    private void RunDay(long day)
    {
        var dayStart = new DateTimeOffset(day * TimeSpan.TicksPerDay, TimeSpan.Zero);
        lock (_state.Gate)
        {
            ApplyLabels(dayStart.AddDays(1));
            foreach (var campaign in _state.CampaignsUnlocked)
            {
                if (campaign.Status != 1) continue;
                var sentToday = 0;
                var sendAt = dayStart.AddHours(9);
                while (sentToday < campaign.DailyLimit && campaign.Due.TryPeek(out var lead, out var due) && due.Day <= day)
                {
                    campaign.Due.Dequeue();
                    // A lead moved to another campaign since it was queued is that campaign's now.
                    if (lead.Deleted || lead.Status != 1 || !string.Equals(lead.CampaignId, campaign.Id, StringComparison.OrdinalIgnoreCase)) continue;
                    var at = sendAt > lead.TimestampCreated ? sendAt : lead.TimestampCreated.AddMinutes(1);
                    var end = dayStart.AddDays(1).AddSeconds(-1);
                    if (at > end) at = end;
                    Send(campaign, lead, at);
                    sentToday++;
                    sendAt = sendAt.AddMinutes(3);
                    if (lead.Status == 1) campaign.Due.Enqueue(lead, (day + Math.Max(1, campaign.StepDelayDays), lead.Key));
                }
                if (sentToday > _maxDaily) _maxDaily = sentToday;
            }
        }
    }

    // Under both locks.
    private void Send(SandboxCampaign campaign, SandboxLead lead, DateTimeOffset at)
    {
        var o = Outcomes;
        lead.StepsSent++;
        lead.TimestampLastContact = at;
        lead.TimestampUpdated = at;
        _sent++;
        if (Draw(o.Bounce))
        {
            lead.Status = -1;
            _bounces++;
            _state.RaiseWebhook("email_bounced", lead, at);
            return;
        }
        if (Draw(o.Open))
        {
            lead.EmailOpenCount++;
            lead.TimestampLastOpen = at.AddMinutes(30);
            _opens++;
            if (Draw(o.ClickGivenOpen))
            {
                lead.EmailClickCount++;
                lead.TimestampLastClick = at.AddMinutes(35);
                _clicks++;
            }
        }
        if (Draw(o.Reply))
        {
            // A genuine reply ends the sequence (stop on reply); it is not out of office.
            lead.EmailReplyCount++;
            lead.TimestampLastReply = at.AddHours(2);
            lead.TimestampUpdated = at.AddHours(2);
            if (lead.LtInterestStatus == 0) { lead.LtInterestStatus = null; lead.TimestampLastInterestChange = at.AddHours(2); }
            lead.Status = 3;
            _replies++;
            _state.RaiseWebhook("reply_received", lead, at.AddHours(2));
            if (DrawLabel(o) is { } label) _pendingLabels.Add((lead, label, at.AddHours(14)));
            return;
        }
        if (Draw(o.AutoReply))
        {
            // Out of office: counted as a reply, marked lt_interest_status 0, and the sequence goes on.
            lead.EmailReplyCount++;
            lead.AutoReplyCount++;
            lead.LtInterestStatus = 0;
            lead.TimestampLastReply = at.AddMinutes(1);
            lead.TimestampLastInterestChange = at.AddMinutes(1);
            lead.TimestampUpdated = at.AddMinutes(1);
            _autoReplies++;
            _state.RaiseWebhook("auto_reply_received", lead, at.AddMinutes(1));
            _state.RaiseWebhook("lead_out_of_office", lead, at.AddMinutes(1));
        }
        if (Draw(o.Unsubscribe))
        {
            lead.Status = -2;
            lead.TimestampUpdated = at.AddHours(1);
            _unsubscribes++;
            _state.RaiseWebhook("lead_unsubscribed", lead, at.AddHours(1));
            return;
        }
        if (lead.StepsSent >= campaign.SequenceLength)
        {
            lead.Status = 3;
            _completed++;
        }
    }

    private bool Draw(double p) => p > 0 && _random.NextDouble() < p;

    private int? DrawLabel(OutcomeProbabilities o)
    {
        if (o.Interested + o.MeetingBooked + o.NotInterested + o.WrongPerson <= 0) return null;
        var r = _random.NextDouble();
        foreach (var (share, label) in new[] { (o.Interested, 1), (o.MeetingBooked, 2), (o.NotInterested, -1), (o.WrongPerson, -2) })
        {
            if (r < share) return label;
            r -= share;
        }
        return null;
    }

    // Under both locks. Labels set by someone else meanwhile (the admin, a user) win over the simulated one.
    private void ApplyLabels(DateTimeOffset before)
    {
        _pendingLabels.RemoveAll(p =>
        {
            if (p.At >= before) return false;
            if (!p.Lead.Deleted && p.Lead.LtInterestStatus is null)
            {
                p.Lead.LtInterestStatus = p.Label;
                p.Lead.TimestampLastInterestChange = p.At;
                if (p.At > p.Lead.TimestampUpdated) p.Lead.TimestampUpdated = p.At;
                _labelled++;
                _state.RaiseWebhook(Webhooks.WebhookSignal.LabelEvent(p.Label), p.Lead, p.At);
            }
            return true;
        });
    }
}
