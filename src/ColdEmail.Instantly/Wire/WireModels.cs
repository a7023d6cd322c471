using System.Text.Json;
using System.Text.Json.Serialization;

namespace ColdEmail.Instantly.Wire;

// The shapes Instantly answers with, field for field (snake_case via WireJson). Only what we read is declared;
// everything else in an answer is skipped by the deserialiser.

/// <summary>Only what a delete's answer must have: the deleted lead's id.</summary>
internal sealed record DeletedLeadDto(string? Id);

internal sealed record BulkDeleteDto(int? Count);

internal sealed record CampaignDto(
    string? Id,
    string? Name,
    double? Status,
    double? DailyLimit,
    double? DailyMaxLeads,
    bool? StopOnReply,
    bool? StopOnAutoReply,
    DateTimeOffset? TimestampCreated);

internal sealed record CampaignPageDto(List<CampaignDto>? Items, string? NextStartingAfter);

internal sealed record CampaignAnalyticsDto(
    string? CampaignId,
    string? CampaignName,
    double? CampaignStatus,
    double? LeadsCount,
    double? ContactedCount,
    double? EmailsSentCount,
    double? OpenCount,
    double? ReplyCount,
    double? ReplyCountAutomatic,
    double? LinkClickCount,
    double? BouncedCount,
    double? UnsubscribedCount,
    double? CompletedCount);

internal sealed record EmailVerificationDto(
    string? Email,
    string? VerificationStatus,
    [property: JsonConverter(typeof(CatchAllConverter))] Domain.Verification.CatchAllState? CatchAll,
    decimal? Credits,
    decimal? CreditsUsed);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(JsonDocument))]
[JsonSerializable(typeof(DeletedLeadDto))]
[JsonSerializable(typeof(BulkDeleteDto))]
[JsonSerializable(typeof(CampaignDto))]
[JsonSerializable(typeof(CampaignPageDto))]
[JsonSerializable(typeof(List<CampaignAnalyticsDto>))]
[JsonSerializable(typeof(EmailVerificationDto))]
internal sealed partial class WireJson : JsonSerializerContext;
