using System.Text.Json;
using System.Text.Json.Serialization;

namespace ColdEmail.Instantly.Wire;

// The shapes Instantly answers with, field for field (snake_case via WireJson). Only what we read is declared;
// everything else in an answer is skipped by the deserialiser.

internal sealed record ErrorEnvelopeDto(JsonElement? StatusCode, JsonElement? Error, JsonElement? Message);

internal sealed record LeadDto(
    string? Id,
    string? Email,
    string? Campaign,
    double? Status,
    double? EmailOpenCount,
    double? EmailReplyCount,
    double? EmailClickCount,
    double? LtInterestStatus,
    DateTimeOffset? TimestampCreated,
    DateTimeOffset? TimestampUpdated,
    DateTimeOffset? TimestampLastContact,
    DateTimeOffset? TimestampLastReply,
    double? VerificationStatus,
    double? EspCode,
    Dictionary<string, JsonElement>? Payload);

internal sealed record LeadPageDto(List<LeadDto>? Items, string? NextStartingAfter);

internal sealed record CreatedLeadDto(int? Index, string? Id, string? Email);

internal sealed record BulkAddDto(
    string? Status,
    int? TotalSent,
    int? LeadsUploaded,
    int? InBlocklist,
    string? BlocklistUsed,
    int? DuplicatedLeads,
    int? SkippedCount,
    int? InvalidEmailCount,
    int? IncompleteCount,
    int? DuplicateEmailCount,
    int? RemainingInPlan,
    List<CreatedLeadDto>? CreatedLeads);

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
[JsonSerializable(typeof(ErrorEnvelopeDto))]
[JsonSerializable(typeof(LeadDto))]
[JsonSerializable(typeof(LeadPageDto))]
[JsonSerializable(typeof(BulkAddDto))]
[JsonSerializable(typeof(BulkDeleteDto))]
[JsonSerializable(typeof(CampaignDto))]
[JsonSerializable(typeof(CampaignPageDto))]
[JsonSerializable(typeof(List<CampaignAnalyticsDto>))]
[JsonSerializable(typeof(EmailVerificationDto))]
internal sealed partial class WireJson : JsonSerializerContext;
