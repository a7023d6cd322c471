using ColdEmail.Domain.Retry;

namespace ColdEmail.Domain.Tests.Retry;

/// <summary>Issue 11, findings 1, 2 and 7: which failed bulk adds concern a lead and which the request or account.</summary>
public class BulkAddFaultsTests
{
    [Theory]
    [InlineData(401, "Missing Authorization header")]
    [InlineData(402, "Workspace does not have an active paid plan")]
    [InlineData(403, "API key does not have the required scope leads:create")]
    [InlineData(404, "Resource not found")]
    public void Key_plan_and_campaign_errors_are_account_faults(int status, string message) =>
        Assert.Equal(BulkAddFault.Account, BulkAddFaults.Classify(AnswerKind.Http, status, message));

    [Theory]
    [InlineData("body/campaign_id must match format \"uuid\"")]
    [InlineData("body must have required property 'leads'")]
    [InlineData("body/leads must NOT have more than 1000 items")]
    [InlineData("body/skip_if_in_workspace must be boolean")]
    public void A_400_naming_a_top_level_field_is_a_request_fault_not_split(string message)
    {
        Assert.Equal(BulkAddFault.Request, BulkAddFaults.Classify(AnswerKind.Http, 400, message));
        Assert.Null(BulkAddFaults.LeadIndex(message));
    }

    [Theory]
    [InlineData("body/leads/17/email must match format \"email\"", 17)]
    [InlineData("body/leads/0/custom_variables/x must be string", 0)]
    [InlineData("leads[3].email is invalid", 3)]
    public void A_400_naming_a_lead_is_that_lead_s_fault(string message, int index)
    {
        Assert.Equal(BulkAddFault.LeadData, BulkAddFaults.Classify(AnswerKind.Http, 400, message));
        Assert.Equal(index, BulkAddFaults.LeadIndex(message));
    }

    [Fact]
    public void A_400_naming_nothing_is_ambiguous_and_a_422_is_lead_data() =>
        Assert.Equal((BulkAddFault.Ambiguous, BulkAddFault.LeadData),
            (BulkAddFaults.Classify(AnswerKind.Http, 400, "Invalid input"), BulkAddFaults.Classify(AnswerKind.Http, 422, "Unprocessable")));

    [Theory]
    [InlineData(AnswerKind.ErrorInBody, 200)]
    [InlineData(AnswerKind.NoAnswer, null)]
    [InlineData(AnswerKind.Garbage, 200)]
    [InlineData(AnswerKind.Http, 502)]
    [InlineData(AnswerKind.Http, 408)]
    public void A_write_whose_outcome_is_unknown_is_unclear_and_reconciled(AnswerKind answer, int? status) =>
        Assert.Equal(BulkAddFault.Unclear, BulkAddFaults.Classify(answer, status, "ACC_UNKNOWN_ERROR"));

    [Theory]
    [InlineData(405)]
    [InlineData(413)]
    [InlineData(415)]
    public void Other_client_errors_are_about_the_request(int status) =>
        Assert.Equal(BulkAddFault.Request, BulkAddFaults.Classify(AnswerKind.Http, status, "whatever"));

    [Fact]
    public void Rate_limits_duplicates_and_an_open_breaker_keep_their_own_scope() =>
        Assert.Equal((BulkAddFault.RateLimited, BulkAddFault.Duplicate, BulkAddFault.NotSent),
            (BulkAddFaults.Classify(AnswerKind.Http, 429, null), BulkAddFaults.Classify(AnswerKind.Http, 409, null),
                BulkAddFaults.Classify(AnswerKind.NotSent, null, "circuit open")));

    [Theory]
    [InlineData(false, 400, "Invalid input", true)]   // the lone lead fails exactly as the batch: the request is at fault
    [InlineData(true, null, null, false)]             // the lone lead was accepted: some other lead is at fault
    [InlineData(false, 400, "Invalid email", false)]  // a different error: bisect
    [InlineData(false, 422, "Invalid input", false)]
    public void A_probe_decides_an_ambiguous_400(bool probeOk, int? probeStatus, string? probeMessage, bool requestError) =>
        Assert.Equal(requestError, BulkAddFaults.ProbeShowsRequestError(400, "Invalid input", probeOk, probeStatus, probeMessage));
}
