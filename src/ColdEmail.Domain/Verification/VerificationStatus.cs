namespace ColdEmail.Domain.Verification;

/// <summary>Instantly's <c>verification_status</c> of <c>POST /api/v2/email-verification</c>.</summary>
public enum VerificationStatus { Pending, Verified, Invalid }

/// <summary>Instantly's tri-state <c>catch_all</c>: true, false or the string "pending".</summary>
public enum CatchAllState { No, Yes, Pending }
