import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const serverDll = resolve(root, "backend/src/Realtime.Server/bin/Debug/net10.0/Realtime.Server.dll");
const chatDll = resolve(root, "backend/src/Realtime.Cli/bin/Debug/net10.0/realtime-chat.dll");
export const artifacts = resolve(root, "web-client/test-results");

export const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });

const until = async (condition: () => Promise<boolean>, what: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const stopProcess = async (child: ChildProcessWithoutNullStreams) => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(killer);
};

export interface RunningServer {
  webUrl: string;
  grpcUrl: string;
  stop(): Promise<void>;
}

/** The built server (embedded mode) as a child process on free ports, serving the built app, with <extraEnv> on top. */
export const startServer = async (extraEnv: Record<string, string> = {}): Promise<RunningServer> => {
  const [web, grpc, silo] = [await freePort(), await freePort(), await freePort()];
  const child = spawn("dotnet", [serverDll], {
    cwd: dirname(resolve(root, "backend/src/Realtime.Server/Realtime.Server.csproj")),
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: "Development",
      Server__WebPort: String(web),
      Server__GrpcPort: String(grpc),
      Silo__Port: String(silo),
      Server__ShutdownDrainTimeout: "00:00:01",
      // A join names only the first two present, so a small room shows what a crowd does.
      Chat__MembersInJoin: "2",
      WebClient__Path: resolve(root, "web-client/dist"),
      Logging__LogLevel__Default: "Warning",
      ...extraEnv,
    },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const webUrl = `http://127.0.0.1:${web}`;
  try {
    await until(async () => (await fetch(`${webUrl}/`)).ok, "the server's web port");
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${error}\n${output}`);
  }
  return { webUrl, grpcUrl: `http://127.0.0.1:${grpc}`, stop: () => stopProcess(child) };
};

/**
 * A test file's server and browser: started before its tests, stopped after them. Each test's pages are closed after
 * it, so pages left open do not keep polling and rendering through the tests that follow (on a busy machine they
 * slowed the last tests of a file several times over).
 */
export const serverAndBrowser = (extraEnv: Record<string, string> = {}): { server: RunningServer; browser: Browser } => {
  const running = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    running.server = await startServer(extraEnv);
    running.browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(running.browser?.contexts().map((context) => context.close()) ?? []);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage"] });

/** A new tab (own context: own cookies, own network switch) signed in as `name`; a desktop window unless told otherwise. */
export const signedInPage = async (browser: Browser, server: RunningServer, name: string, viewport = { width: 1200, height: 760 }): Promise<Page> => {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[${name}] page error:`, error.message));
  await page.goto(server.webUrl);
  await page.fill("#name", name);
  await page.click("#sign-in button");
  await page.waitForSelector("#connection[data-state=live]");
  return page;
};

export const screenshot = async (page: Page, name: string) => {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: resolve(artifacts, `${name}.png`) });
};

/** What a page's room shows: every message as "sender: content", in order, with its offset. */
export const roomMessages = (page: Page) =>
  page.$$eval("#messages li.message[data-offset]", (items) =>
    items.map((li) => ({ offset: Number((li as HTMLElement).dataset.offset), text: `${(li as HTMLElement).dataset.sender}: ${li.querySelector(".content")?.textContent}` })),
  );

/** The .NET terminal chat client (the SDK over native gRPC) in one room, driven through its stdin and stdout. */
export class NativeChat {
  private readonly lines: string[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      partial += chunk.toString("utf8");
      const complete = partial.split("\n");
      partial = complete.pop() ?? "";
      this.lines.push(...complete);
    });
  }

  static async join(server: RunningServer, user: string, room: string): Promise<NativeChat> {
    const child = spawn("dotnet", [chatDll, "--user", user, "--room", room, "--server", server.grpcUrl, "--web", server.webUrl]);
    const chat = new NativeChat(child);
    await until(async () => chat.lines.some((l) => l.startsWith("joined ")), `${user} to join with the native client`);
    return chat;
  }

  send(text: string) {
    this.child.stdin.write(`${text}\n`);
  }

  /** Messages printed so far, as "sender: content". */
  messages(): string[] {
    return this.lines.flatMap((line) => {
      const match = /^\[\d\d:\d\d:\d\d\] #\d+ ([^:]+): (.*)$/.exec(line);
      return match ? [`${match[1]}: ${match[2]}`] : [];
    });
  }

  stop() {
    this.child.stdin.end();
    return stopProcess(this.child);
  }
}

export const joinRoom = async (page: Page, room: string) => {
  await page.fill("#room-input", room);
  await page.click("#join-form button");
  await page.waitForSelector(`#room-title:text("# ${room}")`);
};

/** The element's text now, or null when there is none (without waiting for one to appear). */
export const textNow = async (page: Page, selector: string) => (await page.$(selector))?.textContent() ?? null;

export const say = async (page: Page, text: string) => {
  await page.fill("#message-input", text);
  await page.click("#send-form button");
};

export { until };
