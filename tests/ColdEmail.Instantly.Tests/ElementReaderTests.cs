using System.Text.Json;
using ColdEmail.Instantly.Wire;

namespace ColdEmail.Instantly.Tests;

/// <summary>Answers of the wrong shape are refused (they become InvalidResponse), never half-read.</summary>
public sealed class ElementReaderTests
{
    private const string Lead = """
        {"id":"019ffad2-9c4e-7be6-8364-ed4963ebc549","timestamp_created":"2026-04-26T02:24:39.039Z","timestamp_updated":"2026-04-26T02:24:39.039Z",
         "organization":"o","status":-1,"email_open_count":2,"email_reply_count":1,"email_click_count":0,"company_domain":"x.com",
         "status_summary":{},"campaign":"c","email":"a@x.com","lt_interest_status":0,"esp_code":1,
         "payload":{"firstName":"A","revenue":5000000,"vip":true}}
        """;

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void A_real_lead_is_read_with_its_counters_and_typed_payload()
    {
        var (ok, lead) = ElementReaders.Lead(Parse(Lead));

        Assert.True(ok);
        Assert.Equal((-1, 2, 1, 0, 0), (lead.Status, lead.EmailOpenCount, lead.EmailReplyCount, lead.EmailClickCount, lead.LtInterestStatus));
        Assert.Equal("c", lead.CampaignId);
        Assert.Equal(new DateTimeOffset(2026, 4, 26, 2, 24, 39, 39, TimeSpan.Zero), lead.TimestampCreated);
        Assert.Equal(5_000_000, lead.Payload!["revenue"].GetInt64());
        Assert.True(lead.Payload["vip"].GetBoolean());
    }

    [Theory]
    [InlineData("\"status\":-1", "\"status\":\"-1\"")]
    [InlineData("\"id\":\"019ffad2-9c4e-7be6-8364-ed4963ebc549\",", "")]
    [InlineData("\"timestamp_created\":\"2026-04-26T02:24:39.039Z\"", "\"timestamp_created\":\"yesterday\"")]
    [InlineData("\"payload\":{", "\"payload\":[{")]
    public void A_lead_of_the_wrong_shape_is_refused(string from, string to)
    {
        var json = Lead.Replace(from, to);
        if (to.StartsWith("\"payload\":[")) json = json.Replace("true}}", "true}]}");

        Assert.False(ElementReaders.Lead(Parse(json)).Ok);
    }

    [Fact]
    public void A_page_without_items_is_refused_and_a_missing_cursor_is_null()
    {
        Assert.False(ElementReaders.Page(Parse("""{"next_starting_after":"x"}""")).Ok);
        var (ok, page) = ElementReaders.Page(Parse($$"""{"items":[{{Lead}}]}"""));
        Assert.True(ok);
        Assert.Null(page.NextStartingAfter);
        Assert.Single(page.Items);
    }

    [Fact]
    public void A_page_sets_aside_an_unreadable_item_by_its_id_and_keeps_the_others()
    {
        var odd = Lead.Replace("\"timestamp_created\":\"2026-04-26T02:24:39.039Z\"", "\"timestamp_created\":\"\"")
            .Replace("019ffad2-9c4e-7be6-8364-ed4963ebc549", "019ffad2-9c4e-7be6-8364-000000000001");

        var (ok, page) = ElementReaders.Page(Parse($$"""{"items":[{{odd}},{{Lead}}],"next_starting_after":"c"}"""));

        Assert.True(ok);
        Assert.Equal(["019ffad2-9c4e-7be6-8364-ed4963ebc549"], page.Items.Select(l => l.Id));
        Assert.Equal(["019ffad2-9c4e-7be6-8364-000000000001"], page.MalformedIds);
        Assert.Equal("c", page.NextStartingAfter);
    }

    [Fact]
    public void A_block_list_answer_needs_items_and_both_counts()
    {
        Assert.False(ElementReaders.BlockListBulk(Parse("""{"valid_count":1,"invalid_count":0}""")).Ok);
        Assert.False(ElementReaders.BlockListBulk(Parse("""{"items":[],"valid_count":"1","invalid_count":0}""")).Ok);
        var (ok, r) = ElementReaders.BlockListBulk(Parse("""{"items":[],"valid_count":3,"invalid_count":1}"""));
        Assert.True(ok);
        Assert.Equal(new BlockListBulkResult(3, 1), r);
    }

    [Fact]
    public void A_bulk_add_summary_needs_its_counts_and_created_leads()
    {
        Assert.False(ElementReaders.BulkAdd(Parse("""{"status":"success","total_sent":1,"leads_uploaded":1}""")).Ok);
        Assert.False(ElementReaders.BulkAdd(Parse("""{"total_sent":1,"leads_uploaded":1,"created_leads":[{"id":"a"}]}""")).Ok);
        var (ok, r) = ElementReaders.BulkAdd(Parse("""{"total_sent":2,"leads_uploaded":1,"skipped_count":1,"remaining_in_plan":null,"created_leads":[{"index":1,"id":"a","email":"e@x.com"}]}"""));
        Assert.True(ok);
        Assert.Equal((2, 1, 1), (r.TotalSent, r.LeadsUploaded, r.SkippedCount));
        Assert.Null(r.RemainingInPlan);
        Assert.Equal(new CreatedLead(1, "a", "e@x.com"), r.CreatedLeads.Single());
    }
}
