import "./styles.css";
import { createClient } from "@connectrpc/connect";
import { AttachmentService } from "./gen/realtime/chat/v1/attachments_pb";
import { ChatService } from "./gen/realtime/chat/v1/chat_pb";
import { GameService } from "./gen/realtime/game/v1/game_pb";
import { RealtimeSession } from "./lib/realtimeSession";
import { grpcWebSessionApi, webTransport } from "./lib/sessionApi";
import { developmentToken, subjectOf, tokenFromAddress } from "./lib/tokens";
import { ChatView } from "./views/chatView";
import { EditorView } from "./views/editorView";
import { GameView } from "./views/gameView";

/** The server's web port: this page's origin when the server serves the app, or VITE_SERVER_URL under the Vite dev server. */
const serverUrl = (import.meta.env.VITE_SERVER_URL as string | undefined) ?? window.location.origin;
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A refusal the user should know about (a send the server would not take, an expired sign-in), shown for a while in the header. */
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
const showNotice = (text: string) => {
  const notice = element("notice");
  notice.textContent = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.textContent = ""), 8_000);
};

/** `renew` gets a fresh token for the same user when the current one expires (development sign-in), or null when it cannot. */
const start = (initialToken: string, renew: (() => Promise<string>) | null) => {
  let token = initialToken;
  const me = subjectOf(token);
  const transport = webTransport(serverUrl, () => token);
  let chat: ChatView | undefined;
  let editor: EditorView | undefined;
  let game: GameView | undefined;
  const connection = element("connection");
  const session = new RealtimeSession(
    grpcWebSessionApi(transport),
    {
      state: (state) => {
        connection.dataset.state = state;
        connection.textContent = state;
      },
      chat: (frame) => chat?.receive(frame),
      collab: (frame, document) => editor?.receive(frame, document),
      game: (frame) => game?.receive(frame),
      refused: (what, error) => showNotice(`${what}: ${error.rawMessage}`),
      signedOut: (error) => {
        chat?.dispose();
        signOut(`Your sign-in is no longer accepted (${error.rawMessage}). Sign in again.`);
      },
    },
    {
      refreshToken: async () => {
        if (!renew) return false;
        token = await renew();
        return true;
      },
      connectivity: {
        onChange: (listener) => {
          window.addEventListener("offline", () => listener(false));
          window.addEventListener("online", () => listener(true));
        },
      },
    },
  );
  // A sign-in after a refused one starts from empty views.
  for (const view of ["chat", "editor", "game"]) element(view).replaceChildren();
  chat = new ChatView(element("chat"), session, createClient(ChatService, transport), createClient(AttachmentService, transport), me);
  editor = new EditorView(element("editor"), session, me);
  game = new GameView(element("game"), session, createClient(GameService, transport));
  void session.run();

  element("sign-in").hidden = true;
  element("who").textContent = me;
  element("tabs").hidden = false;
  show("chat");
};

const show = (tab: string) => {
  for (const view of ["chat", "editor", "game"]) element(view).hidden = view !== tab;
  for (const button of element("tabs").querySelectorAll("button")) button.classList.toggle("active", button.dataset.tab === tab);
};
element("tabs").addEventListener("click", (e) => {
  const tab = (e.target as HTMLElement).dataset.tab;
  if (tab) show(tab);
});

/** Back to the sign-in form, saying why; the views of the old sign-in are dropped when the next one starts. */
const signOut = (reason: string) => {
  for (const view of ["chat", "editor", "game"]) element(view).hidden = true;
  element("tabs").hidden = true;
  element("who").textContent = "";
  element("sign-in-error").textContent = reason;
  element("sign-in").hidden = false;
};

element<HTMLFormElement>("sign-in").addEventListener("submit", async (e) => {
  e.preventDefault();
  const name = element<HTMLInputElement>("name").value.trim();
  try {
    start(await developmentToken(serverUrl, name), () => developmentToken(serverUrl, name));
  } catch (error) {
    element("sign-in-error").textContent = String(error instanceof Error ? error.message : error);
  }
});
const configured = tokenFromAddress();
if (configured) {
  try {
    start(configured, null);
  } catch {
    signOut("The address carried a token that is not a readable JWT. Sign in again.");
  }
}
