using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Realtime.Protos.Webhooks;

/// <summary>
/// How a webhook delivery is signed, and how its receiver checks it: HMAC-SHA256 over "TIMESTAMP.BODY" with each of
/// the endpoint's secrets, sent as <see cref="TimestampHeader"/> (Unix seconds) and <see cref="SignatureHeader"/>
/// ("v1=HEX", comma-separated, one per secret, so a receiver that knows either the old or the new secret accepts
/// a delivery while a secret is rotated). The same scheme is in web-client/src/lib/webhookSignature.ts.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "Realtime-Webhook-Timestamp";
    public const string SignatureHeader = "Realtime-Webhook-Signature";

    /// <summary>How old a delivery may be when checked: replays of older ones are refused.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Sign(ReadOnlySpan<byte> body, long timestamp, IEnumerable<string> secrets)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
        {
            signatures.Add($"v1={Convert.ToHexStringLower(Mac(secret, timestamp, body))}");
        }
        return string.Join(",", signatures);
    }

    /// <summary>
    /// True when <paramref name="signature"/> has a v1 signature of <paramref name="body"/> and <paramref name="timestamp"/>
    /// by one of <paramref name="secrets"/>, and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> body, string timestamp, string signature, IEnumerable<string> secrets, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }
        var offered = signature.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(part => part.StartsWith("v1=", StringComparison.Ordinal))
            .Select(part => Hex(part[3..]))
            .OfType<byte[]>()
            .ToArray();
        foreach (var secret in secrets)
        {
            var expected = Mac(secret, seconds, body);
            if (offered.Any(candidate => CryptographicOperations.FixedTimeEquals(candidate, expected)))
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    private static byte[]? Hex(string text)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
