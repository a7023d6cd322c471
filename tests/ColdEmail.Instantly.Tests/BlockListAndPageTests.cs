using System.Text.Json;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Faults;

namespace ColdEmail.Instantly.Tests;

/// <summary>Block list, verified bulk delete, "error": null and item-by-item lead pages, over loopback HTTP against the sandbox.</summary>
public sealed class BlockListAndPageTests
{
    private sealed class BodyRecorder(List<(string Path, byte[]? Body)> sent) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(ct);
            lock (sent) sent.Add((request.RequestUri!.AbsolutePath, body));
            return await base.SendAsync(request, ct);
        }
    }

    [Fact]
    public async Task Bulk_delete_sends_the_ids_with_a_limit_equal_to_their_number()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = (await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(5)))).Value!;
        var sent = new List<(string Path, byte[]? Body)>();
        using var http = new HttpClient(new BodyRecorder(sent));
        var client = new InstantlyHttpClient(http, new InstantlyClientOptions { BaseAddress = env.Sandbox.BaseAddress, ApiKey = ClientEnv.Key });
        string[] ids = [added.CreatedLeads[0].Id, added.CreatedLeads[3].Id];

        var result = await client.DeleteLeadsAsync(env.Smb, ids);

        Assert.Equal(2, result.Value);
        var body = JsonDocument.Parse(sent.Single().Body!).RootElement;
        Assert.Equal(env.Smb, body.GetProperty("campaign_id").GetString());
        Assert.Equal(ids, body.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, body.GetProperty("limit").GetInt32());
        Assert.Equal(3, env.Sandbox.State.CountLeads(env.Smb));
    }

    [Fact]
    public async Task Bulk_delete_returns_instantlys_count_even_when_it_is_below_the_ids_sent()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = (await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(4)))).Value!;
        env.Sandbox.ArmFault(SandboxOperation.BulkDelete, new PartialDeleteFault(1));

        var result = await env.Client.DeleteLeadsAsync(env.Smb, added.CreatedLeads.Select(c => c.Id).ToList());

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(1, result.Value);
        Assert.Equal(3, env.Sandbox.State.CountLeads(env.Smb));
    }

    [Fact]
    public async Task Block_list_values_are_created_in_bulk_with_valid_and_invalid_counts()
    {
        await using var env = await ClientEnv.StartAsync();

        var result = await env.Client.AddBlockListEntriesAsync(["Gone@Acme.com", "competitor.com", "no spaces allowed.com", "gone@acme.com"]);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(new BlockListBulkResult(ValidCount: 3, InvalidCount: 1), result.Value);
        Assert.Equal(["Gone@Acme.com", "competitor.com"], env.Sandbox.State.BlockList.Select(e => e.Value));
        Assert.True(env.Sandbox.State.IsOnBlockList("gone@acme.com"));
        Assert.True(env.Sandbox.State.IsOnBlockList("ceo@competitor.com"));
        Assert.Empty(env.Sandbox.State.BlockListWipes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Block_list_bulk_create_takes_one_to_a_thousand_values_and_refuses_others_without_calling(int count)
    {
        await using var env = await ClientEnv.StartAsync();
        var values = Enumerable.Range(0, count).Select(i => $"x{i}@acme.com").ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => env.Client.AddBlockListEntriesAsync(values));

        Assert.Empty(env.Sandbox.State.BlockList);
    }

    [Fact]
    public void The_client_has_no_way_to_empty_the_block_list()
    {
        var methods = typeof(IInstantlyApi).GetMethods().Select(m => m.Name).ToList();

        Assert.Contains(nameof(IInstantlyApi.AddBlockListEntriesAsync), methods);
        Assert.DoesNotContain(methods, m => m.Contains("BlockList", StringComparison.Ordinal) && !m.StartsWith("Add", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_2xx_answer_with_error_null_is_a_success()
    {
        await using var env = await ClientEnv.StartAsync();
        env.Sandbox.ArmFault(SandboxOperation.BulkAdd, new NullErrorFault());

        var result = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(2)));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(2, result.Value.LeadsUploaded);
        Assert.Empty(env.Sandbox.ScriptedFaults);
    }

    [Fact]
    public async Task A_malformed_lead_is_set_aside_by_id_and_the_rest_of_the_page_is_read()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = (await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(3)))).Value!;
        var odd = added.CreatedLeads[1].Id;
        env.Sandbox.State.SetMalformed(odd, "timestamp_last_contact");

        var page = await env.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb });
        var alone = await env.Client.GetLeadAsync(odd);

        Assert.True(page.IsSuccess, page.Error?.ToString());
        Assert.Equal([added.CreatedLeads[0].Id, added.CreatedLeads[2].Id], page.Value.Items.Select(l => l.Id));
        Assert.Equal([odd], page.Value.MalformedIds);
        Assert.Equal(added.CreatedLeads[2].Id, page.Value.NextStartingAfter);
        Assert.True(alone.IsSuccess, alone.Error?.ToString());
        Assert.Equal(odd, alone.Value.Id);
    }

    [Fact]
    public async Task The_lead_stream_walks_past_a_page_whose_only_lead_is_malformed()
    {
        await using var env = await ClientEnv.StartAsync();
        var added = (await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(3)))).Value!;
        env.Sandbox.State.SetMalformed(added.CreatedLeads[0].Id, "timestamp_created");

        var seen = new List<string>();
        await foreach (var lead in env.Client.ListAllLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb, Limit = 1 })) seen.Add(lead.Id);

        Assert.Equal(added.CreatedLeads.Skip(1).Select(c => c.Id), seen);
    }

    [Fact]
    public async Task A_lead_in_a_lead_list_carries_its_list_id_and_no_campaign()
    {
        await using var env = await ClientEnv.StartAsync();
        var listId = Guid.CreateVersion7().ToString();
        var theirs = env.Sandbox.State.AddListLeads(listId, ["other.team@acme.com"]).Single();

        var page = await env.Client.ListLeadsAsync(new ListLeadsRequest { Contacts = ["other.team@acme.com"] });

        var lead = Assert.Single(page.Value!.Items);
        Assert.Equal(theirs.Id, lead.Id);
        Assert.Equal(listId, lead.ListId);
        Assert.Null(lead.CampaignId);
    }
}
