namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>coldemail.custom-variables is validated when settings load: a mapped column must be a field of a ready lead.</summary>
public sealed class CustomVariablesConfigTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task The_seeds_variables_are_the_default()
    {
        var r = await _ws.RunAsync("config", "check");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("coldemail.custom-variables.merchantName = merchant_name", r.Out);
        Assert.Contains("coldemail.custom-variables.platformDomain = platform_domain", r.Out);
        Assert.Contains("coldemail.custom-variables.state = state", r.Out);
        Assert.Contains("coldemail.custom-variables.countryCode = country_code", r.Out);
        Assert.Contains("coldemail.custom-variable-max-length = 1000", r.Out);
    }

    [Fact]
    public async Task A_variable_can_be_added_and_a_default_removed()
    {
        _ws.WriteConfig("coldemail.custom-variables { shopName = merchant_name, state = \"\" }");
        var r = await _ws.RunAsync("config", "check");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("coldemail.custom-variables.shopName = merchant_name", r.Out);
        Assert.DoesNotContain("coldemail.custom-variables.state", r.Out);
    }

    [Theory]
    [InlineData("coldemail.custom-variables.shopName = merchant_nam", "coldemail.custom-variables.shopName")]
    [InlineData("coldemail.custom-variables { \"shop name\" = merchant_name }", "coldemail.custom-variables.shop name")]
    [InlineData("coldemail.custom-variable-max-length = 0", "coldemail.custom-variable-max-length")]
    public async Task A_bad_mapping_exits_2_naming_the_key(string line, string key)
    {
        _ws.WriteConfig(line);
        foreach (var verb in new[] { new[] { "config", "check" }, ["sync", "--once", "--sandbox"] })
        {
            var r = await _ws.RunAsync(verb);
            Assert.True(r.ExitCode == 2, string.Join(' ', verb) + "\n" + r);
            Assert.Contains(key, r.Err);
        }
    }
}
