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
    [InlineData("ja ne@shop.com", "invalid local part")]
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
}
