using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Validation;
using Json.Schema;

namespace ColdEmail.Sandbox.Tests;

/// <summary>
/// The block-list endpoints against the official schema: answers are checked with an independent validator
/// (JsonSchema.Net) against the 200 response schema of each operation.
/// </summary>
public sealed class BlockListTests
{
    private const string Root = "/api/v2/block-lists-entries";

    /// <summary>The 200 answer schema of an operation, with the BlockListEntry reference inlined.</summary>
    private static JsonSchema ResponseSchema(string method, string path)
    {
        var root = ApiSchema.Instance.Document.RootElement;
        var schema = JsonNode.Parse(root.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText())!;
        var entry = root.GetProperty("components").GetProperty("schemas").GetProperty("BlockListEntry").GetRawText();
        var inlined = Inline(schema, entry);
        using var doc = JsonDocument.Parse(inlined.ToJsonString());
        return JsonSchema.Build(doc.RootElement.Clone(), new BuildOptions { Dialect = Dialect.Draft202012 });
    }

    private static JsonNode Inline(JsonNode node, string entry)
    {
        switch (node)
        {
            case JsonObject o when o["$ref"]?.GetValue<string>() == "#/components/schemas/BlockListEntry":
                return JsonNode.Parse(entry)!;
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                    if (o[key] is { } child) o[key] = Inline(child.DeepClone(), entry);
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } child) a[i] = Inline(child.DeepClone(), entry);
                return a;
            default:
                return node;
        }
    }

    private static void AssertMatches(string method, string path, Answer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        using var doc = JsonDocument.Parse(answer.Body!.ToJsonString());
        var result = ResponseSchema(method, path).Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, $"{method} {path}: {answer.Body.ToJsonString()} — "
            + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    private static JsonObject Values(params string[] values) => new() { ["bl_values"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()) };

    [Fact]
    public async Task Bulk_create_answers_by_the_schema_and_counts_valid_and_invalid_values()
    {
        await using var api = await RawApi.StartAsync();

        var first = await api.SendAsync(HttpMethod.Post, Root + "/bulk-create", Values("Gone@Acme.com", "competitor.com", "nope", "a b@c.com"));
        var again = await api.SendAsync(HttpMethod.Post, Root + "/bulk-create", Values("gone@acme.com", "new.org"));

        AssertMatches("post", Root + "/bulk-create", first);
        Assert.Equal((2, 2), (first.Body!["valid_count"]!.GetValue<int>(), first.Body["invalid_count"]!.GetValue<int>()));
        var items = first.Body["items"]!.AsArray();
        Assert.Equal(["Gone@Acme.com", "competitor.com"], items.Select(i => i!["bl_value"]!.GetValue<string>()));
        Assert.Equal([false, true], items.Select(i => i!["is_domain"]!.GetValue<bool>()));
        Assert.All(items, i => Assert.Equal(api.Sandbox.State.OrganizationId, i!["organization_id"]!.GetValue<string>()));
        // A value already on the list is valid but not created again.
        Assert.Equal(2, again.Body!["valid_count"]!.GetValue<int>());
        Assert.Equal(["new.org"], again.Body["items"]!.AsArray().Select(i => i!["bl_value"]!.GetValue<string>()));
        Assert.Equal(3, api.Sandbox.State.BlockList.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Bulk_create_takes_one_to_a_thousand_values(int count)
    {
        await using var api = await RawApi.StartAsync();

        var answer = await api.SendAsync(HttpMethod.Post, Root + "/bulk-create",
            Values(Enumerable.Range(0, count).Select(i => $"x{i}@acme.com").ToArray()));

        Assert.Equal(400, answer.Code);
        Assert.Contains("bl_values", answer.Message);
        Assert.Empty(api.Sandbox.State.BlockList);
    }

    [Fact]
    public async Task Listing_pages_by_cursor_and_filters_by_search_and_domains_only()
    {
        await using var api = await RawApi.StartAsync();
        await api.SendAsync(HttpMethod.Post, Root + "/bulk-create", Values("a@acme.com", "acme.com", "b@other.com", "other.com", "c@acme.com"));

        var walked = new List<string>();
        string? cursor = null;
        for (var guard = 0; guard < 10; guard++)
        {
            var page = await api.SendAsync(HttpMethod.Get, $"{Root}?limit=2" + (cursor is null ? "" : $"&starting_after={cursor}"), null, contentType: null);
            AssertMatches("get", Root, page);
            var items = page.Body!["items"]!.AsArray();
            if (items.Count == 0) break;
            walked.AddRange(items.Select(i => i!["bl_value"]!.GetValue<string>()));
            cursor = page.Body["next_starting_after"]!.GetValue<string>();
        }
        var domains = await api.SendAsync(HttpMethod.Get, $"{Root}?domains_only=true", null, contentType: null);
        var search = await api.SendAsync(HttpMethod.Get, $"{Root}?search=ACME", null, contentType: null);
        var badLimit = await api.SendAsync(HttpMethod.Get, $"{Root}?limit=101", null, contentType: null);

        Assert.Equal(["a@acme.com", "acme.com", "b@other.com", "other.com", "c@acme.com"], walked);
        Assert.Equal(["acme.com", "other.com"], domains.Body!["items"]!.AsArray().Select(i => i!["bl_value"]!.GetValue<string>()));
        Assert.Equal(["a@acme.com", "acme.com", "c@acme.com"], search.Body!["items"]!.AsArray().Select(i => i!["bl_value"]!.GetValue<string>()));
        Assert.Equal(400, badLimit.Code);
    }

    [Fact]
    public async Task An_entry_is_fetched_and_deleted_by_id_and_then_is_not_found()
    {
        await using var api = await RawApi.StartAsync();
        var created = await api.SendAsync(HttpMethod.Post, Root, new JsonObject { ["bl_value"] = "gone@acme.com" });
        var id = created.Body!["id"]!.GetValue<string>();

        var got = await api.SendAsync(HttpMethod.Get, $"{Root}/{id}", null, contentType: null);
        var deleted = await api.SendAsync(HttpMethod.Delete, $"{Root}/{id}", null, contentType: null);
        var gone = await api.SendAsync(HttpMethod.Get, $"{Root}/{id}", null, contentType: null);
        var notUuid = await api.SendAsync(HttpMethod.Get, $"{Root}/not-a-uuid", null, contentType: null);

        AssertMatches("post", Root, created);
        AssertMatches("get", Root + "/{id}", got);
        AssertMatches("delete", Root + "/{id}", deleted);
        Assert.Equal("gone@acme.com", deleted.Body!["bl_value"]!.GetValue<string>());
        Assert.Equal(404, gone.Code);
        Assert.Equal(400, notUuid.Code);
        Assert.False(api.Sandbox.State.IsOnBlockList("gone@acme.com"));
    }

    [Fact]
    public async Task Bulk_delete_removes_only_the_given_entry_ids()
    {
        await using var api = await RawApi.StartAsync();
        var created = await api.SendAsync(HttpMethod.Post, Root + "/bulk-create", Values("a@acme.com", "b@acme.com", "c@acme.com"));
        var ids = created.Body!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

        var answer = await api.SendAsync(HttpMethod.Post, Root + "/bulk-delete",
            new JsonObject { ["ids"] = new JsonArray(ids[0], ids[2], Guid.CreateVersion7().ToString()) });

        AssertMatches("post", Root + "/bulk-delete", answer);
        Assert.Equal(["a@acme.com", "c@acme.com"], answer.Body!.AsArray().Select(i => i!["bl_value"]!.GetValue<string>()));
        Assert.Equal(["b@acme.com"], api.Sandbox.State.BlockList.Select(e => e.Value));
    }

    [Fact]
    public async Task Delete_all_works_as_documented_but_every_call_is_recorded_for_the_admin()
    {
        await using var api = await RawApi.StartAsync();
        await api.SendAsync(HttpMethod.Post, Root + "/bulk-create", Values("a@acme.com", "acme.com"));

        var answer = await api.SendAsync(HttpMethod.Delete, Root, null, contentType: null);
        var summary = await api.SendAsync(HttpMethod.Get, "/_sandbox", null, key: null, contentType: null);
        var admin = await api.SendAsync(HttpMethod.Get, "/_sandbox/block-list", null, key: null, contentType: null);

        AssertMatches("delete", Root, answer);
        Assert.Equal(2, answer.Body!.AsArray().Count);
        Assert.Empty(api.Sandbox.State.BlockList);
        var wipe = Assert.Single(api.Sandbox.State.BlockListWipes);
        Assert.Equal((null, null, 2), (wipe.DomainsOnly, wipe.Search, wipe.Deleted));
        Assert.Equal(1, summary.Body!["block_list_wipes"]!.GetValue<int>());
        Assert.Single(admin.Body!["wipes"]!.AsArray());
    }

    [Fact]
    public async Task Leads_whose_email_or_domain_is_on_the_block_list_are_not_added()
    {
        await using var api = await RawApi.StartAsync();
        await api.SendAsync(HttpMethod.Post, Root + "/bulk-create", Values("ceo@big.com", "spamtrap.net"));

        var bulk = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", new JsonObject
        {
            ["campaign_id"] = api.Smb,
            ["leads"] = new JsonArray(new JsonObject { ["email"] = "CEO@big.com" }, new JsonObject { ["email"] = "x@spamtrap.net" },
                new JsonObject { ["email"] = "ok@big.com" }),
        });
        var single = await api.SendAsync(HttpMethod.Post, "/api/v2/leads", new JsonObject { ["campaign"] = api.Smb, ["email"] = "y@spamtrap.net" });

        Assert.Equal(2, bulk.Body!["in_blocklist"]!.GetValue<int>());
        Assert.Equal(1, bulk.Body["leads_uploaded"]!.GetValue<int>());
        Assert.Equal(400, single.Code);
        Assert.Equal(["ok@big.com"], api.Sandbox.State.AllLeads().Select(l => l.Email));
    }

    [Fact]
    public async Task The_block_list_survives_a_save_and_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-bl-").FullName;
        try
        {
            var file = Path.Combine(dir, "state.json");
            await using (var api = await RawApi.StartAsync(stateFile: file))
                await api.SendAsync(HttpMethod.Post, Root + "/bulk-create", Values("gone@acme.com", "competitor.com"));

            await using var again = await RawApi.StartAsync(stateFile: file);

            Assert.Equal(["gone@acme.com", "competitor.com"], again.Sandbox.State.BlockList.Select(e => e.Value));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
