using Google.Apis.Auth.OAuth2;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>Supplies OAuth access tokens for BigQuery; injectable so tests never talk to Google.</summary>
public interface IBigQueryTokenSource
{
    Task<string> GetAccessTokenAsync(CancellationToken ct);
}

/// <summary>Tokens from Google.Apis.Auth: a service-account file when given, else application default credentials.</summary>
public sealed class GoogleTokenSource(string? credentialsFile) : IBigQueryTokenSource
{
    private const string Scope = "https://www.googleapis.com/auth/bigquery";
    private readonly SemaphoreSlim _init = new(1, 1);
    private ITokenAccess? _access;

    public async Task<string> GetAccessTokenAsync(CancellationToken ct)
    {
        var access = _access ?? await InitialiseAsync(ct).ConfigureAwait(false);
        return await access.GetAccessTokenForRequestAsync(cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task<ITokenAccess> InitialiseAsync(CancellationToken ct)
    {
        await _init.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_access is not null) return _access;
            GoogleCredential credential;
            if (credentialsFile is not null)
            {
                if (!File.Exists(credentialsFile))
                    throw new FileNotFoundException($"The BigQuery credentials file '{credentialsFile}' does not exist", credentialsFile);
                var account = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(credentialsFile, ct).ConfigureAwait(false);
                credential = GoogleCredential.FromServiceAccountCredential(account);
            }
            else
            {
                credential = await GoogleCredential.GetApplicationDefaultAsync(ct).ConfigureAwait(false);
            }
            _access = credential.CreateScoped(Scope);
            return _access;
        }
        finally
        {
            _init.Release();
        }
    }
}
