namespace ColdEmail.Sandbox.Engine;

/// <summary>What the campaign engine has done since start (or reset): emails sent and each outcome drawn.</summary>
public sealed record EngineStats(
    long DaysRun,
    long EmailsSent,
    long Bounces,
    long Opens,
    long Clicks,
    long Replies,
    long AutoReplies,
    long Unsubscribes,
    long Completed,
    /// <summary>Genuine replies that received an interest label.</summary>
    long Labelled,
    /// <summary>The most emails one campaign sent on one simulated day.</summary>
    int MaxSentByACampaignInADay);
