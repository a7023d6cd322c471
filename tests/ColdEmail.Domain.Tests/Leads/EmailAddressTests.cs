using ColdEmail.Domain.Leads;
using CsCheck;

namespace ColdEmail.Domain.Tests.Leads;

public class EmailAddressTests
{
    [Fact]
    public void Parsing_normalises_and_splits()
    {
        var e = EmailAddress.Parse("  Jane+Promo@Sub.Shop.CO.uk\t");
        Assert.Equal("jane+promo@sub.shop.co.uk", e.Value);
        Assert.Equal("jane+promo", e.LocalPart);
        Assert.Equal("sub.shop.co.uk", e.Domain);
    }

    [Fact]
    public void Two_spellings_of_one_address_are_equal() =>
        Assert.Equal(EmailAddress.Parse("A@B.COM"), EmailAddress.Parse(" a@b.com "));

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("   ", "empty")]
    [InlineData("@shop.com", "no local part")]
    [InlineData("jane@", "no local part or domain")]
    [InlineData(".jane@shop.com", "invalid local part")]
    [InlineData("ja ne@shop.com", "white space")]
    [InlineData("jane\u200b@shop.com", "white space or control")]
    [InlineData("j\u00e4ne@shop.com", "non-ASCII")]
    [InlineData("jane@-shop.com", "invalid domain")]
    [InlineData("jane@shop.c", "invalid domain")]
    public void Invalid_addresses_say_why(string? raw, string fragment)
    {
        Assert.False(EmailAddress.TryParse(raw, out var email, out var reason));
        Assert.Null(email);
        Assert.Contains(fragment, reason);
    }

    [Fact]
    public void Overlong_addresses_are_refused_with_their_length() =>
        Assert.Contains("at most 254", Assert.Throws<FormatException>(() => EmailAddress.Parse(new string('a', 250) + "@b.com")).Message);

    [Fact]
    public void Normalisation_is_idempotent_and_never_throws_on_try() =>
        Gen.OneOf(Gen.String, Gen.String.AlphaNumeric.Select(Gen.String.AlphaNumeric, (a, b) => $" {a}@{b}.Com ")).Sample(raw =>
        {
            if (EmailAddress.TryParse(raw, out var once, out _))
            {
                Assert.True(EmailAddress.TryParse(once.Value, out var twice, out _));
                Assert.Equal(once, twice);
                Assert.Equal(once.Value, once.Value.Trim().ToLowerInvariant());
            }
        });

    [Theory]
    [InlineData("\u00a0jane@acme.com")]
    [InlineData("jane@acme.com\u3000")]
    [InlineData("\ufeff\u200bJane@Acme.com\u2060\u200d")]
    [InlineData("\u2000\t JANE@ACME.COM\u202f\u205f\u1680\u0085")]
    public void Unicode_spaces_and_zero_width_characters_around_an_address_are_trimmed(string raw) =>
        Assert.Equal("jane@acme.com", EmailAddress.Parse(raw).Value);

    [Fact]
    public void Non_ascii_addresses_keep_their_case_because_engines_lower_case_them_differently()
    {
        // The Kelvin sign lower-cases to an ASCII "k" in .NET and DuckDB but not in PostgreSQL with the C locale.
        var n = EmailIdentity.Normalise("\u212AATE@X.COM");
        Assert.Equal(("\u212AATE@X.COM", EmailIdentity.NonAsciiReason), (n.Email, n.Reason));
        Assert.False(EmailAddress.TryParse("\u212AATE@X.COM", out _, out _));
    }

    [Fact]
    public void The_erasure_hash_is_lower_case_hex_sha256_of_the_normalised_address() =>
        // Independently computed: printf 'jane@acme.com' | sha256sum
        Assert.Equal("7bb9e30283184c3b4bbbf2262a600be7165d7e6f50e424a611aa64394e7ecdb5", EmailIdentity.Sha256Hex("jane@acme.com"));
}
