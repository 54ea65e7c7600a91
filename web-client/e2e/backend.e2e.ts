import { describe, expect, it } from "vitest";
import { joinRoom, roomMessages, screenshot, serverAndBrowser, signedInPage, textNow, until } from "./harness";

const env = serverAndBrowser();

/** The application's backend, as curl or any HTTP client calls the server API: JSON with the Development key. */
const backend = async (path: string, body: unknown) => {
  const response = await fetch(`${env.server.webUrl}${path}`, {
    method: "POST",
    headers: { authorization: "ApiKey dev.development-only-secret", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
};

describe("the application's backend in the browser app", () => {
  it("pages show what the backend posts, as itself or for a user, and a user it removes leaves and may come back when the block ends", async () => {
    const room = `shop-${Date.now()}`;
    const alice = await signedInPage(env.browser, env.server, "alice");
    const bob = await signedInPage(env.browser, env.server, "bob");
    await joinRoom(alice, room);
    await joinRoom(bob, room);

    await backend("/v1/messages", { send: { roomId: room, clientMessageId: "order-1", content: "Order 1 shipped" } });
    await backend("/v1/messages", { send: { roomId: room, clientMessageId: "order-1", content: "Order 1 shipped" } });
    await backend("/v1/messages", { send: { roomId: room, clientMessageId: "order-2", content: "paid" }, onBehalfOf: "alice" });
    const shown = async (page: typeof alice) =>
      (await roomMessages(page)).map((m) => m.text.replace(/^[^:]*: /, "")).join("|") === "Order 1 shipped|paid" &&
      (await page.$$eval("#messages li.message .sender", (senders) => senders.map((s) => s.textContent).join("|"))) === "[dev-backend]|alice (via dev-backend)";
    await until(async () => (await shown(alice)) && (await shown(bob)), "both messages, once each, with who posted them, on both pages");

    await backend(`/v1/rooms/${room}/removals`, { userId: "bob", reason: "spam", blockFor: "3s", idempotencyKey: "remove-bob" });
    await until(async () => (await bob.textContent("#room-title")) !== `# ${room}`, "bob's page taken out of the room");
    const notices = () => alice.$$eval("#messages .notice-line", (lines) => lines.map((l) => l.firstChild?.textContent ?? ""));
    await until(async () => (await notices()).includes("[dev-backend] banned bob for 3 s: spam"), "the removal shown in the room");
    await until(async () => (await notices()).includes("the ban on bob ended"), "the end of the block shown in the room");
    await joinRoom(bob, room);
    expect(await textNow(bob, "#room-title")).toBe(`# ${room}`);
    await screenshot(alice, "backend");
  });
});
