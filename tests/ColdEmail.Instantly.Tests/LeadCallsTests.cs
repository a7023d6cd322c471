using System.Text.Json;
using ColdEmail.Instantly;

namespace ColdEmail.Instantly.Tests;

public sealed class LeadCallsTests
{
    [Fact]
    public async Task Bulk_add_creates_leads_in_the_campaign_and_maps_every_counter()
    {
        await using var env = await ClientEnv.StartAsync();
        var leads = new List<NewLead>(ClientEnv.Leads(3))
        {
            new("not-an-email"),
            new("LEAD0@example0.com "), // repeats lead 0 within the payload
        };

        var result = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, leads));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var r = result.Value;
        Assert.Equal(5, r.TotalSent);
        Assert.Equal(3, r.LeadsUploaded);
        Assert.Equal(1, r.InvalidEmailCount);
        Assert.Equal(1, r.DuplicateEmailCount);
        Assert.Equal(0, r.SkippedCount);
        Assert.NotNull(r.RemainingInPlan);
        Assert.Equal([0, 1, 2], r.CreatedLeads.Select(c => c.Index));
        Assert.True(result.Elapsed > TimeSpan.Zero);
        foreach (var created in r.CreatedLeads)
        {
            var stored = env.Sandbox.State.FindById(created.Id);
            Assert.NotNull(stored);
            Assert.Equal(env.Smb, stored.CampaignId);
            Assert.Equal(leads[created.Index].Email, stored.Email);
        }
        var first = env.Sandbox.State.FindById(r.CreatedLeads[0].Id)!;
        Assert.Equal("\"Shop 0\"", first.CustomVariables["merchantName"]);
        Assert.Equal("0", first.CustomVariables["revenue"]);
        Assert.Equal("true", first.CustomVariables["vip"]);
    }

    [Fact]
    public async Task A_thousand_lead_bulk_add_lands_whole()
    {
        await using var env = await ClientEnv.StartAsync();

        var result = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(1000)));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(1000, result.Value.LeadsUploaded);
        Assert.Equal(1000, result.Value.CreatedLeads.Select(c => c.Id).Distinct().Count());
        Assert.Equal(1000, env.Sandbox.State.CountLeads(env.Smb));
    }

    [Fact]
    public async Task Bulk_add_refuses_more_than_a_thousand_leads_without_calling()
    {
        await using var env = await ClientEnv.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(1001))));

        Assert.Equal(0, env.Sandbox.State.LeadCount);
    }

    [Fact]
    public async Task Skipped_leads_are_reconciled_through_list_contacts()
    {
        await using var env = await ClientEnv.StartAsync();
        var leads = ClientEnv.Leads(10);
        var first = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, leads.Take(6).ToList()));
        Assert.True(first.IsSuccess);

        var second = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, leads));

        Assert.True(second.IsSuccess, second.Error?.ToString());
        Assert.Equal(6, second.Value.SkippedCount);
        Assert.Equal(4, second.Value.LeadsUploaded);
        var createdIndexes = second.Value.CreatedLeads.Select(c => c.Index).ToHashSet();
        var skippedEmails = leads.Where((_, i) => !createdIndexes.Contains(i)).Select(l => l.Email).ToList();
        var page = await env.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb, Contacts = skippedEmails });
        Assert.True(page.IsSuccess, page.Error?.ToString());
        Assert.Equal(
            first.Value.CreatedLeads.Select(c => c.Id).Order(),
            page.Value.Items.Select(l => l.Id).Order());
        Assert.All(page.Value.Items, l => Assert.Equal(env.Smb, l.CampaignId));
    }

    [Fact]
    public async Task Single_create_sends_campaign_and_the_lead_lands_in_it()
    {
        await using var env = await ClientEnv.StartAsync();

        var result = await env.Client.CreateLeadAsync(new CreateLeadRequest(env.Midsize,
            new NewLead("jane@acme.com", "Jane", CompanyName: "Acme", CustomVariables: new Dictionary<string, object> { ["merchantName"] = "Acme Shop" })));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(env.Midsize, result.Value.CampaignId);
        Assert.Equal(1, result.Value.Status);
        Assert.Equal("Acme Shop", result.Value.Payload!["merchantName"].GetString());
        Assert.Equal(env.Midsize, env.Sandbox.State.FindByEmail("jane@acme.com").Single().CampaignId);
    }

    [Fact]
    public async Task Pagination_walks_every_page_in_id_order_and_stops_on_the_empty_page()
    {
        await using var env = await ClientEnv.StartAsync();
        for (var batch = 0; batch < 3; batch++)
        {
            Assert.True((await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(100, $"b{batch}-")))).IsSuccess);
            env.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.True((await env.Client.AddLeadsAsync(new BulkAddRequest(env.Midsize, ClientEnv.Leads(5, "other")))).IsSuccess);

        var all = new List<InstantlyLead>();
        await foreach (var lead in env.Client.ListAllLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb, Limit = 7 })) all.Add(lead);

        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Select(l => l.Id).Distinct().Count());
        Assert.All(all, l => Assert.Equal(env.Smb, l.CampaignId));
        Assert.Equal(all.Select(l => l.Id).Order(StringComparer.Ordinal), all.Select(l => l.Id));
        Assert.Equal(all.OrderBy(l => l.TimestampCreated).Select(l => l.Id), all.Select(l => l.Id));
    }

    [Fact]
    public async Task The_last_page_with_data_still_carries_a_cursor_and_the_next_page_is_empty()
    {
        await using var env = await ClientEnv.StartAsync();
        Assert.True((await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(4)))).IsSuccess);

        var page = await env.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb, Limit = 10 });
        var next = await env.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb, Limit = 10, StartingAfter = page.Value!.NextStartingAfter });

        Assert.Equal(4, page.Value.Items.Count);
        Assert.NotNull(page.Value.NextStartingAfter);
        Assert.True(next.IsSuccess);
        Assert.Empty(next.Value.Items);
    }

    [Fact]
    public async Task Get_returns_the_lead_and_an_unknown_id_is_a_404()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(1)));
        var id = added.Value!.CreatedLeads[0].Id;

        var found = await env.Client.GetLeadAsync(id);
        var missing = await env.Client.GetLeadAsync(Guid.CreateVersion7().ToString());

        Assert.True(found.IsSuccess);
        Assert.Equal("lead0@example0.com", found.Value.Email);
        Assert.Equal(env.Clock.GetUtcNow(), found.Value.TimestampCreated);
        Assert.False(missing.IsSuccess);
        Assert.Equal(InstantlyErrorKind.Http, missing.Error.Kind);
        Assert.Equal(404, missing.Error.StatusCode);
        Assert.Equal("Not Found", missing.Error.Error);
        Assert.Equal("Resource not found", missing.Error.Message);
    }

    [Fact]
    public async Task Delete_one_is_deleted_then_already_gone()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(2)));
        var id = added.Value!.CreatedLeads[0].Id;

        var first = await env.Client.DeleteLeadAsync(id);
        var second = await env.Client.DeleteLeadAsync(id);

        Assert.Equal(DeleteOutcome.Deleted, first.Value);
        Assert.Equal(DeleteOutcome.AlreadyGone, second.Value);
        Assert.Null(env.Sandbox.State.FindById(id));
        Assert.Equal(1, env.Sandbox.State.CountLeads(env.Smb));
    }

    [Fact]
    public async Task Bulk_delete_removes_only_the_given_ids_and_refuses_an_empty_list()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(5)));
        var ids = added.Value!.CreatedLeads.Select(c => c.Id).ToList();

        var deleted = await env.Client.DeleteLeadsAsync(env.Smb, ids.Take(2).ToList());
        await Assert.ThrowsAsync<ArgumentException>(() => env.Client.DeleteLeadsAsync(env.Smb, []));

        Assert.Equal(2, deleted.Value);
        Assert.Equal(3, env.Sandbox.State.CountLeads(env.Smb));
        Assert.Equal(ids.Skip(2), env.Sandbox.State.AllLeads(env.Smb).Select(l => l.Id));
    }

    [Fact]
    public async Task Payload_values_keep_their_json_types()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(2)));

        var lead = await env.Client.GetLeadAsync(added.Value!.CreatedLeads[1].Id);

        Assert.Equal(JsonValueKind.Number, lead.Value!.Payload!["revenue"].ValueKind);
        Assert.Equal(1000, lead.Value.Payload["revenue"].GetInt32());
        Assert.Equal(JsonValueKind.False, lead.Value.Payload["vip"].ValueKind);
    }
}
