import { createClient } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ChatService } from "../src/gen/realtime/chat/v1/chat_pb";
import { webTransport } from "../src/lib/sessionApi";
import { developmentToken } from "../src/lib/tokens";
import { joinRoom, roomMessages, say, screenshot, serverAndBrowser, signedInPage, textNow, until } from "./harness";

const env = serverAndBrowser();

describe("reading: unread badges, read receipts and notifications in the browser app", () => {
  it("an unread badge counts others' messages in a room not in view, and reading the room there clears it on every device", async () => {
    const stamp = Date.now();
    const [busy, quiet] = [`busy-${stamp}`, `quiet-${stamp}`];
    const alice = await signedInPage(env.browser, env.server, "alice");
    const bob = await signedInPage(env.browser, env.server, "bob");
    const bobsPhone = await signedInPage(env.browser, env.server, "bob");
    await joinRoom(alice, busy);
    for (const page of [bob, bobsPhone]) {
      await joinRoom(page, busy);
      await joinRoom(page, quiet);
    }
    const badge = (page: Page) => textNow(page, `#room-list li[data-room="${busy}"] .unread`);

    await say(alice, "one");
    await say(alice, "two");
    await say(alice, "three");
    await until(async () => (await badge(bob)) === "3" && (await badge(bobsPhone)) === "3", "three unread on both of bob's pages");
    await bob.click(`#room-list li[data-room="${busy}"]`);
    await until(async () => (await roomMessages(bob)).length === 3, "bob reading the busy room");
    expect(await badge(bob)).toBeNull();
    await until(async () => (await badge(bobsPhone)) === null, "the phone learning that bob read them");

    await bob.click(`#room-list li[data-room="${quiet}"]`);
    await say(bob, "bob back in the quiet room");
    await say(alice, "four");
    await until(async () => (await badge(bob)) === "1" && (await badge(bobsPhone)) === "1", "only the new message unread on both pages");
  });

  it("with read receipts on, a page's newest message says who has seen it as each member reads it", async () => {
    const stamp = Date.now();
    const [room, elsewhere] = [`receipts-${stamp}`, `elsewhere-${stamp}`];
    const alice = await signedInPage(env.browser, env.server, "alice");
    await joinRoom(alice, room);
    const token = await developmentToken(env.server.webUrl, "alice");
    await createClient(ChatService, webTransport(env.server.webUrl, () => token)).moderateRoom({ roomId: room, action: { case: "readReceipts", value: { enabled: true } } });
    const [bob, carol] = [await signedInPage(env.browser, env.server, "bob"), await signedInPage(env.browser, env.server, "carol")];
    await joinRoom(bob, room);
    await joinRoom(carol, room);
    await joinRoom(carol, elsewhere);
    const seenBy = (page: Page) => textNow(page, "#messages li.message.mine .seen-by");

    await say(alice, "did everyone read the plan?");
    await until(async () => (await seenBy(alice)) === "Seen by bob", "bob, who has the room in view, seeing it");
    expect(await textNow(alice, "#messages .notice-line")).toContain("alice turned read receipts on");
    await carol.click(`#room-list li[data-room="${room}"]`);
    await until(async () => (await seenBy(alice)) === "Seen by bob, carol", "carol seeing it once she opens the room");
    await say(alice, "thanks");
    await until(async () => (await seenBy(alice)) === "Seen by bob, carol" && (await alice.$$("#messages .seen-by")).length === 1, "the mark moving to the newest message");
    await screenshot(alice, "read-receipts");
  });

  it("a mention in a room the page never joined counts in its inbox, and the notification takes it to that room", async () => {
    const stamp = Date.now();
    const [design, lobby] = [`design-${stamp}`, `lobby-${stamp}`];
    const alice = await signedInPage(env.browser, env.server, "alice");
    const dana = await signedInPage(env.browser, env.server, "dana");
    await joinRoom(dana, lobby);
    await joinRoom(alice, design);

    await say(alice, "@dana can you review the mockups?");
    await until(async () => (await textNow(dana, "#inbox-button")) === "Inbox (1)", "dana's inbox counting the mention");
    await dana.click("#inbox-button");
    await until(async () => (await textNow(dana, "#inbox-list li.unseen")) !== null, "the notification listed");
    expect(await textNow(dana, "#inbox-list li")).toContain(`alice mentioned you in #${design}`);
    await screenshot(dana, "notifications");
    await until(async () => (await textNow(dana, "#inbox-button")) === "Inbox", "the count cleared once seen");
    await dana.click(`#inbox-list li[data-room="${design}"]`);
    await dana.waitForSelector(`#room-title:text("# ${design}")`);
    await until(async () => (await roomMessages(dana)).some((m) => m.text === "alice: @dana can you review the mockups?"), "the mention shown in its room");
  });
});
