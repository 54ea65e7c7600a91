using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;

namespace Realtime.Grains.Tests;

public sealed class ForbiddenLinksTests
{
    private static readonly RoomLinkRule Blocked = new(RoomLinkPolicy.Blocked, []);
    private static readonly RoomLinkRule Docs = new(RoomLinkPolicy.Allowlist, ["example.com", "wiki.org"]);

    [Theory]
    [InlineData("see https://evil.net/x", "https://evil.net")]
    [InlineData("see HTTP://Evil.NET.", "HTTP://Evil.NET")]
    [InlineData("www.evil.net today", "www.evil.net")]
    [InlineData("ftp://files.evil.net/a", "ftp://files.evil.net")]
    [InlineData("no link: file.txt, a.b, me@example.net", null)]
    public void With_links_blocked_the_first_link_is_named(string content, string? forbidden) =>
        Assert.Equal(forbidden, ForbiddenLinks.First(Blocked, content));

    [Theory]
    [InlineData("https://example.com/page and https://docs.example.com/x and www.wiki.org", null)]
    [InlineData("https://example.com.evil.net/login", "https://example.com.evil.net")]
    [InlineData("https://notexample.com/", "https://notexample.com")]
    [InlineData("https://example.com@evil.net/", "https://example.com@evil.net")]
    [InlineData("fine https://wiki.org then www.evil.net", "www.evil.net")]
    public void With_an_allowlist_only_its_domains_and_their_subdomains_pass(string content, string? forbidden) =>
        Assert.Equal(forbidden, ForbiddenLinks.First(Docs, content));

    [Fact]
    public void Without_a_rule_or_with_links_allowed_nothing_is_forbidden()
    {
        Assert.Null(ForbiddenLinks.First(null, "https://evil.net"));
        Assert.Null(ForbiddenLinks.First(new RoomLinkRule(RoomLinkPolicy.Allowed, []), "https://evil.net"));
    }
}
