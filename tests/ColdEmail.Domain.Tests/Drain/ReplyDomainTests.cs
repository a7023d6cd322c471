using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Tests.Drain;

public class ReplyDomainTests
{
    private static readonly DomainList FreeMail = new("free", ["gmail.com", "yahoo.co.uk"]);

    [Theory]
    [InlineData("jane@acme-shop.com", "replied", "acme-shop.com")]
    [InlineData("jane@acme-shop.com", "interested", "acme-shop.com")]
    [InlineData("jane@acme-shop.com", "won", "acme-shop.com")]
    [InlineData("jane@gmail.com", "replied", null)]
    [InlineData("jane@mail.yahoo.co.uk", "replied", null)]
    [InlineData("jane@acme-shop.com", "wrong_person", null)]
    [InlineData("jane@acme-shop.com", "unsubscribed", null)]
    [InlineData("jane@acme-shop.com", "bounced_hard", null)]
    [InlineData("jane@localhost", "replied", null)]
    public void Only_a_genuine_replier_business_domain_is_suppressed(string email, string reason, string? expected) =>
        Assert.Equal(expected, ReplyDomain.ToSuppress(email, reason, FreeMail));
}
