using System.Net;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Faults;

namespace ColdEmail.Sandbox.Tests;

/// <summary>The scenario operations and scripted faults other suites stage their regressions with, over HTTP.</summary>
public sealed class ScenarioAndFaultTests
{
    private static async Task<List<string>> Ids(RawApi api, string campaign, int count, string prefix = "p") =>
        (await api.AddLeadsAsync(campaign, count, prefix))["created_leads"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();

    private static JsonObject BulkDelete(string campaign, IEnumerable<string> ids) => new()
    {
        ["campaign_id"] = campaign, ["ids"] = new JsonArray(ids.Select(i => (JsonNode)i).ToArray()),
    };

    private static Task<Answer> Admin(RawApi api, string path, JsonNode body) => api.SendAsync(HttpMethod.Post, path, body, key: null);

    private static Task<Answer> Get(RawApi api, string leadId) => api.SendAsync(HttpMethod.Get, $"/api/v2/leads/{leadId}", null, contentType: null);

    [Fact]
    public async Task A_bulk_delete_whose_answer_is_lost_was_applied()
    {
        await using var api = await RawApi.StartAsync();
        var ids = await Ids(api, api.Smb, 3);
        var armed = await Admin(api, "/_sandbox/scripted-faults", new JsonObject { ["operation"] = "leads.bulk-delete", ["kind"] = "lose-answer" });

        var answer = await api.SendAsync(HttpMethod.Delete, "/api/v2/leads", BulkDelete(api.Smb, ids));

        Assert.Equal(200, armed.Code);
        Assert.Equal(500, answer.Code);
        Assert.Equal(0, api.Sandbox.State.CountLeads(api.Smb));
        Assert.Empty(api.Sandbox.ScriptedFaults);
    }

    [Fact]
    public async Task A_bulk_delete_can_lose_its_answer_as_a_dropped_connection()
    {
        await using var api = await RawApi.StartAsync();
        var ids = await Ids(api, api.Smb, 2);
        api.Sandbox.ArmFault(SandboxOperation.BulkDelete, new LoseAnswerFault(DropConnection: true));

        await Assert.ThrowsAsync<HttpRequestException>(() => api.SendAsync(HttpMethod.Delete, "/api/v2/leads", BulkDelete(api.Smb, ids)));

        Assert.Equal(0, api.Sandbox.State.CountLeads(api.Smb));
    }

    [Fact]
    public async Task A_bulk_delete_can_delete_fewer_than_the_ids_and_say_so()
    {
        await using var api = await RawApi.StartAsync();
        var ids = await Ids(api, api.Smb, 4);
        await Admin(api, "/_sandbox/scripted-faults", new JsonObject { ["operation"] = "leads.bulk-delete", ["kind"] = "partial-delete", ["deleted"] = 1 });

        var answer = await api.SendAsync(HttpMethod.Delete, "/api/v2/leads", BulkDelete(api.Smb, ids));
        var next = await api.SendAsync(HttpMethod.Delete, "/api/v2/leads", BulkDelete(api.Smb, ids));

        Assert.Equal(1, answer.Body!["count"]!.GetValue<int>());
        Assert.Equal(3, next.Body!["count"]!.GetValue<int>());
        Assert.Equal(0, api.Sandbox.State.CountLeads(api.Smb));
    }

    [Theory]
    [InlineData(401, "Unauthorized", "Invalid API key")]
    [InlineData(402, "Payment Required", "Workspace does not have an active paid plan")]
    [InlineData(403, "Forbidden", "Lead upload limit reached")]
    [InlineData(404, "Not Found", "Campaign not found")]
    public async Task A_bulk_add_can_meet_an_account_level_error_with_the_real_envelope(int status, string error, string message)
    {
        await using var api = await RawApi.StartAsync();
        await Admin(api, "/_sandbox/scripted-faults", new JsonObject { ["operation"] = "leads.add", ["kind"] = "refuse", ["status"] = status });

        var answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", new JsonObject
        {
            ["campaign_id"] = api.Smb, ["leads"] = new JsonArray(new JsonObject { ["email"] = "a@acme.com" }),
        });

        Assert.Equal(status, answer.Code);
        Assert.Equal(status, answer.Body!["statusCode"]!.GetValue<int>());
        Assert.Equal(error, answer.Body["error"]!.GetValue<string>());
        Assert.Contains(message, answer.Message);
        Assert.Equal(0, api.Sandbox.State.LeadCount);
    }

    [Fact]
    public async Task A_400_names_either_a_top_level_field_or_one_lead()
    {
        await using var api = await RawApi.StartAsync();
        api.Sandbox.ArmFault(SandboxOperation.BulkAdd, RefuseFault.BadCampaignId());
        api.Sandbox.ArmFault(SandboxOperation.BulkAdd, RefuseFault.BadLead(3));
        var body = new JsonObject { ["campaign_id"] = api.Smb, ["leads"] = new JsonArray(new JsonObject { ["email"] = "a@acme.com" }) };

        var request = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", body.DeepClone());
        var lead = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", body.DeepClone());
        var fine = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", body.DeepClone());

        Assert.Equal((400, "body/campaign_id must match format \"uuid\""), (request.Code, request.Message));
        Assert.Equal(400, lead.Code);
        Assert.StartsWith("body/leads/3/email", lead.Message);
        Assert.Equal(200, fine.Code);
    }

    [Fact]
    public async Task A_fault_armed_for_several_calls_hits_exactly_that_many()
    {
        await using var api = await RawApi.StartAsync();
        api.Sandbox.ArmFault(SandboxOperation.GetCampaign, RefuseFault.CampaignNotFound() with { Times = 2 });

        var codes = new List<int>();
        for (var i = 0; i < 3; i++) codes.Add((await api.SendAsync(HttpMethod.Get, $"/api/v2/campaigns/{api.Smb}", null, contentType: null)).Code);

        Assert.Equal([404, 404, 200], codes);
    }

    [Fact]
    public async Task A_moved_lead_belongs_to_its_new_campaign_only()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing);
        var ids = await Ids(api, api.Smb, 2);

        var moved = await Admin(api, $"/_sandbox/leads/{ids[0]}/move", new JsonObject { ["campaign_id"] = api.Midsize });
        var deleteFromOld = await api.SendAsync(HttpMethod.Delete, "/api/v2/leads", BulkDelete(api.Smb, [ids[0]]));
        var got = await Get(api, ids[0]);
        api.Sandbox.AdvanceDays(1);

        Assert.Equal(200, moved.Code);
        Assert.Equal(0, deleteFromOld.Body!["count"]!.GetValue<int>());
        Assert.Equal(api.Midsize, got.Body!["campaign"]!.GetValue<string>());
        Assert.Equal(1, api.Sandbox.State.CountLeads(api.Smb));
        Assert.Equal(1, api.Sandbox.State.CountLeads(api.Midsize));
        Assert.Equal(1, api.Sandbox.State.FindById(ids[0])!.StepsSent);
    }

    [Fact]
    public async Task Lead_list_leads_have_a_list_id_and_no_campaign()
    {
        await using var api = await RawApi.StartAsync();
        var listId = Guid.CreateVersion7().ToString();

        var created = await Admin(api, "/_sandbox/lists/leads", new JsonObject { ["list_id"] = listId, ["emails"] = new JsonArray("theirs@acme.com") });
        var id = created.Body!["items"]![0]!["id"]!.GetValue<string>();
        var got = await Get(api, id);
        var skipped = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", new JsonObject
        {
            ["campaign_id"] = api.Smb, ["skip_if_in_workspace"] = true, ["leads"] = new JsonArray(new JsonObject { ["email"] = "theirs@acme.com" }),
        });

        var byList = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["list_id"] = listId });
        var inNoList = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["in_list"] = false });

        Assert.Equal([id], byList.Body!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.DoesNotContain(id, inNoList.Body!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(listId, got.Body!["list_id"]!.GetValue<string>());
        Assert.Null(got.Body["campaign"]);
        Assert.Equal(1, skipped.Body!["skipped_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Labels_replies_and_statuses_are_staged_and_show_in_the_api()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing);
        var ids = await Ids(api, api.Smb, 3);
        var bouncedAt = api.Clock.GetUtcNow().AddHours(-3);

        await Admin(api, $"/_sandbox/leads/{ids[0]}/reply", new JsonObject());
        await Admin(api, $"/_sandbox/leads/{ids[0]}/interest", new JsonObject { ["lt_interest_status"] = 1 });
        await Admin(api, $"/_sandbox/leads/{ids[1]}/reply", new JsonObject { ["out_of_office"] = true });
        var bounced = await Admin(api, $"/_sandbox/leads/{ids[2]}/status", new JsonObject { ["status"] = -1, ["timestamp_last_contact"] = bouncedAt });
        var badLabel = await Admin(api, $"/_sandbox/leads/{ids[0]}/interest", new JsonObject { ["lt_interest_status"] = 9 });
        var interested = (await Get(api, ids[0])).Body!;
        var ooo = (await Get(api, ids[1])).Body!;
        var bounce = (await Get(api, ids[2])).Body!;

        Assert.Equal((1, 1, 1), (interested["email_reply_count"]!.GetValue<int>(), interested["lt_interest_status"]!.GetValue<int>(), interested["status"]!.GetValue<int>()));
        Assert.Equal(api.Clock.GetUtcNow(), DateTimeOffset.Parse(interested["timestamp_last_reply"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((1, 0), (ooo["email_reply_count"]!.GetValue<int>(), ooo["lt_interest_status"]!.GetValue<int>()));
        Assert.Equal(-1, bounce["status"]!.GetValue<int>());
        Assert.Equal(bouncedAt, DateTimeOffset.Parse(bounce["timestamp_last_contact"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(200, bounced.Code);
        Assert.Equal(400, badLabel.Code);
    }

    [Fact]
    public async Task A_malformed_lead_spoils_its_item_in_a_page_but_not_its_get()
    {
        await using var api = await RawApi.StartAsync();
        var ids = await Ids(api, api.Smb, 2);

        var marked = await Admin(api, $"/_sandbox/leads/{ids[1]}/malformed", new JsonObject { ["field"] = "timestamp_last_contact" });
        var page = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new JsonObject { ["campaign"] = api.Smb });
        var got = await Get(api, ids[1]);

        Assert.Equal(200, marked.Code);
        var items = page.Body!["items"]!.AsArray();
        Assert.Null(items[0]!["timestamp_last_contact"]);
        Assert.Equal("", items[1]!["timestamp_last_contact"]!.GetValue<string>());
        Assert.Null(got.Body!["timestamp_last_contact"]);
    }

    [Fact]
    public async Task A_deleted_campaign_is_not_found_and_its_leads_stay()
    {
        await using var api = await RawApi.StartAsync();
        var smb = api.Smb;
        await Ids(api, smb, 2);

        var deleted = await api.SendAsync(HttpMethod.Delete, $"/_sandbox/campaigns/{smb}", null, key: null, contentType: null);
        var get = await api.SendAsync(HttpMethod.Get, $"/api/v2/campaigns/{smb}", null, contentType: null);
        var add = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", new JsonObject
        {
            ["campaign_id"] = smb, ["leads"] = new JsonArray(new JsonObject { ["email"] = "late@acme.com" }),
        });

        Assert.Equal(200, deleted.Code);
        Assert.Equal(404, get.Code);
        Assert.Equal(404, add.Code);
        Assert.Equal(2, api.Sandbox.State.LeadCount);
    }

    [Fact]
    public async Task Unknown_operations_and_kinds_are_refused_by_name()
    {
        await using var api = await RawApi.StartAsync();

        var op = await Admin(api, "/_sandbox/scripted-faults", new JsonObject { ["operation"] = "leads.explode", ["kind"] = "lose-answer" });
        var kind = await Admin(api, "/_sandbox/scripted-faults", new JsonObject { ["operation"] = "leads.add", ["kind"] = "explode" });

        Assert.Equal(400, op.Code);
        Assert.Contains("leads.explode", op.Message);
        Assert.Equal(400, kind.Code);
        Assert.Contains("explode", kind.Message);
    }
}
