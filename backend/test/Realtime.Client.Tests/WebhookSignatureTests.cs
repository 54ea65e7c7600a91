using System.Text;
using Realtime.Protos.Webhooks;

namespace Realtime.Client.Tests;

/// <summary>The .NET side of the webhook signature, on the vector the TypeScript verifier checks too (web-client/test/webhookSignature.test.ts).</summary>
public sealed class WebhookSignatureTests
{
    // Computed with openssl, not with this code: printf '%s' "$TIMESTAMP.$BODY" | openssl dgst -sha256 -hmac SECRET.
    private const string OldSignature = "f9aa7f1e023e95c22aeabc8f1d4f758acb8b40d243393ea0e7444560dee46912";
    private const string NewSignature = "8f01a9e20a1eaac23d0f1e5ce881d400d4f3152f70792ae971efb9a40a02c114";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"endpoint":"audit","events":[]}""");
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(1796400000).AddMinutes(1);

    [Fact]
    public void A_delivery_is_signed_once_per_secret_as_openssl_computes_it()
    {
        Assert.Equal($"v1={OldSignature},v1={NewSignature}", WebhookSignature.Sign(Body, 1796400000, ["old-secret-0123456789", "new-secret-0123456789"]));
    }

    [Fact]
    public void A_receiver_accepts_either_secret_and_refuses_a_changed_body_a_stale_time_or_a_bare_signature()
    {
        var signature = $"v1={OldSignature},v1={NewSignature}";

        Assert.True(WebhookSignature.Verify(Body, "1796400000", signature, ["new-secret-0123456789"], Then));
        Assert.True(WebhookSignature.Verify(Body, "1796400000", $"v1={NewSignature}", ["old-secret-0123456789", "new-secret-0123456789"], Then));
        Assert.False(WebhookSignature.Verify([.. Body, (byte)' '], "1796400000", signature, ["new-secret-0123456789"], Then));
        Assert.False(WebhookSignature.Verify(Body, "1796400000", signature, ["new-secret-0123456789"], Then.AddMinutes(10)));
        Assert.False(WebhookSignature.Verify(Body, "1796400000", NewSignature, ["new-secret-0123456789"], Then));
        Assert.False(WebhookSignature.Verify(Body, "-1796400000", signature, ["new-secret-0123456789"], Then));
    }
}
