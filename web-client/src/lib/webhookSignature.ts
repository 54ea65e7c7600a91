/**
 * Checks a Realtime webhook delivery in a Node (18+) or browser backend, with Web Crypto: the body's HMAC-SHA256 over
 * "TIMESTAMP.BODY" must match one of the "v1=HEX" signatures for one of the receiver's secrets (several while a secret
 * is rotated), and the timestamp must be recent. The same scheme as Realtime.Protos.Webhooks.WebhookSignature (.NET).
 */
export const timestampHeader = "realtime-webhook-timestamp";
export const signatureHeader = "realtime-webhook-signature";

const encoder = new TextEncoder();

const hmacHex = async (secret: string, message: Uint8Array<ArrayBuffer>): Promise<string> => {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
};

/** Compares without stopping at the first difference, so timing does not tell how much of a forgery matched. */
const sameText = (a: string, b: string) => a.length === b.length && [...a].reduce((diff, c, i) => diff | (c.charCodeAt(0) ^ b.charCodeAt(i)), 0) === 0;

export const verifyWebhook = async (
  body: Uint8Array,
  timestamp: string,
  signature: string,
  secrets: readonly string[],
  now: Date = new Date(),
  toleranceSeconds = 300,
): Promise<boolean> => {
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const offered = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => part.slice(3).toLowerCase());
  const prefix = encoder.encode(`${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  for (const secret of secrets) {
    const expected = await hmacHex(secret, signed);
    if (offered.some((candidate) => sameText(candidate, expected))) return true;
  }
  return false;
};
