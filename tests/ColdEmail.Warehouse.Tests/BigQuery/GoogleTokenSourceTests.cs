using ColdEmail.Warehouse.BigQuery;

namespace ColdEmail.Warehouse.Tests.BigQuery;

public sealed class GoogleTokenSourceTests
{
    [Fact]
    public async Task A_missing_service_account_file_is_named_in_the_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-sa-" + Guid.NewGuid().ToString("N") + ".json");
        var source = new GoogleTokenSource(path);

        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => source.GetAccessTokenAsync(CancellationToken.None));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
