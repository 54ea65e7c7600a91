import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, joinRoom, screenshot, serverAndBrowser, signedInPage, textNow, until } from "./harness";

/** The application's join callout: alice is Alice Liddell with an avatar, bob may only read, carol is kept out. */
const calloutPort = await freePort();
const avatarUrl = `http://127.0.0.1:${calloutPort}/avatars/alice.svg`;
const asked: string[] = [];
const callout = createServer((request, response) => {
  if (request.method === "GET") {
    response.writeHead(200, { "content-type": "image/svg+xml" });
    response.end('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="10" fill="#c33"/></svg>');
    return;
  }
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const { user } = JSON.parse(body) as { user: string };
    asked.push(user);
    const answer =
      user === "carol" ? { allow: false, reason: "carol is not in the acme workspace" }
      : user === "bob" ? { allow: true, role: "reader" }
      : { allow: true, role: "writer", display_name: "Alice Liddell", avatar_url: avatarUrl };
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(answer));
  });
});
beforeAll(() => new Promise<void>((listening) => callout.listen(calloutPort, "127.0.0.1", listening)));
afterAll(() => new Promise<void>((closed) => callout.close(() => closed())));

const env = serverAndBrowser({
  JoinCallouts__Endpoints__chat__Url: `http://127.0.0.1:${calloutPort}/may-join`,
  JoinCallouts__Endpoints__chat__Secrets__0: "callout-secret-0123456789",
});

describe("a join callout in the browser app", () => {
  it("shows members as the application names them, opens a room read-only for a reader, and says why a join was refused", async () => {
    const room = `acme-${Date.now()}`;
    const alice = await signedInPage(env.browser, env.server, "alice");
    const bob = await signedInPage(env.browser, env.server, "bob");
    const carol = await signedInPage(env.browser, env.server, "carol");
    await joinRoom(alice, room);
    await joinRoom(bob, room);
    await carol.fill("#room-input", room);
    await carol.click("#join-form button");

    await until(async () => (await textNow(carol, "#notice"))?.includes("carol is not in the acme workspace") ?? false, "carol told why she may not join");
    await until(async () => (await textNow(bob, '#members li[data-member="alice"]')) === "Alice Liddell", "bob sees alice by her name");
    expect(await bob.getAttribute('#members li[data-member="alice"] img.avatar', "src")).toBe(avatarUrl);
    expect(await textNow(bob, '#members li[data-member="bob"]')).toBe("bob");
    expect(await bob.isDisabled("#message-input")).toBe(true);
    expect(await alice.isDisabled("#message-input")).toBe(false);
    expect(await textNow(carol, "#room-title")).not.toBe(`# ${room}`);
    expect(asked.filter((user) => user === "carol")).toHaveLength(1);
    await screenshot(bob, "callout");
  });
});
