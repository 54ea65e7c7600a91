import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../src/lib/webhookSignature";

// Computed with openssl, not with this code: printf '%s' "$TIMESTAMP.$BODY" | openssl dgst -sha256 -hmac SECRET.
// The .NET tests check the same vector (WebhookSignatureTests).
const body = new TextEncoder().encode('{"endpoint":"audit","events":[]}');
const timestamp = "1796400000";
const oldSignature = "f9aa7f1e023e95c22aeabc8f1d4f758acb8b40d243393ea0e7444560dee46912";
const newSignature = "8f01a9e20a1eaac23d0f1e5ce881d400d4f3152f70792ae971efb9a40a02c114";
const signature = `v1=${oldSignature},v1=${newSignature}`;
const then = new Date(1796400000 * 1000 + 60_000);

describe("verifyWebhook", () => {
  it("accepts a delivery signed with any of the receiver's secrets, as while a secret is rotated", async () => {
    expect(await verifyWebhook(body, timestamp, signature, ["old-secret-0123456789"], then)).toBe(true);
    expect(await verifyWebhook(body, timestamp, signature, ["new-secret-0123456789"], then)).toBe(true);
    expect(await verifyWebhook(body, timestamp, `v1=${newSignature}`, ["old-secret-0123456789", "new-secret-0123456789"], then)).toBe(true);
  });

  it("refuses a changed body, an unknown secret, a stale timestamp and a malformed header", async () => {
    const changed = new TextEncoder().encode('{"endpoint":"audit","events":[1]}');
    expect(await verifyWebhook(changed, timestamp, signature, ["new-secret-0123456789"], then)).toBe(false);
    expect(await verifyWebhook(body, timestamp, signature, ["another-secret-012345"], then)).toBe(false);
    expect(await verifyWebhook(body, timestamp, signature, ["new-secret-0123456789"], new Date(1796400000 * 1000 + 600_000))).toBe(false);
    expect(await verifyWebhook(body, "17964e5", signature, ["new-secret-0123456789"], then)).toBe(false);
    expect(await verifyWebhook(body, timestamp, newSignature, ["new-secret-0123456789"], then)).toBe(false);
  });
});
