import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { EntityKind, GameOverReason, GameStatus, type Entity, type GameServerFrame, type GameService, type GameState } from "../gen/realtime/game/v1/game_pb";
import { h, userColor } from "../lib/dom";
import type { RealtimeSession } from "../lib/realtimeSession";

const ArenaSize = 100;
const Speed = 25;
const Scale = 5;
const InterpolationDelayMs = 100;
const InputRefreshMs = 2_000;

interface Snapshot {
  at: number;
  entities: Map<string, Entity>;
}

const keys: Record<string, [number, number]> = {
  ArrowUp: [0, -1], KeyW: [0, -1],
  ArrowDown: [0, 1], KeyS: [0, 1],
  ArrowLeft: [-1, 0], KeyA: [-1, 0],
  ArrowRight: [1, 0], KeyD: [1, 0],
};

/**
 * The arena: others are drawn between the two latest server states (interpolation); this player is
 * drawn where its own inputs put it (prediction), pulled toward the server's position once the server
 * reports it applied the latest input (reconciliation).
 */
export class GameView {
  private gameId: string | null = null;
  private playerId: string | null = null;
  private status = GameStatus.UNSPECIFIED;
  private ticksRemaining = 0n;
  private world = new Map<string, Entity>();
  private snapshots: Snapshot[] = [];
  private lastTick = -1n;
  private readonly pressed = new Set<string>();
  private move: [number, number] = [0, 0];
  private lastSequence = 0n;
  private lastInputAt = 0;
  private predicted: { x: number; y: number } | null = null;
  private lastFrame = performance.now();
  private readonly canvas = h("canvas", { id: "arena", width: String(ArenaSize * Scale), height: String(ArenaSize * Scale), tabindex: "0" });
  private readonly scores = h("ol", { class: "scores", id: "scores" });
  private readonly statusLine = h("p", { class: "status", id: "game-status" }, "Not in a game");
  private readonly position = h("p", { class: "status", id: "game-me" });
  private readonly gameInput = h("input", { id: "game-input", placeholder: "Game name", autocomplete: "off" });

  constructor(
    private readonly root: HTMLElement,
    private readonly session: RealtimeSession,
    private readonly games: Client<typeof GameService>,
  ) {
    root.classList.add("game-layout");
    const playForm = h("form", { class: "toolbar", id: "play-form" }, this.gameInput, h("button", { type: "submit", class: "primary" }, "Play"));
    root.append(
      h("div", { class: "card" }, playForm, h("p", { class: "hint" }, "Move with the arrow keys or WASD; pick up the yellow items."), this.canvas),
      h("aside", { class: "card" }, h("strong", {}, "Scoreboard"), this.scores, this.statusLine, this.position),
    );
    playForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const id = this.gameInput.value.trim();
      if (id) void this.play(id);
    });
    window.addEventListener("keydown", (e) => this.key(e, true));
    window.addEventListener("keyup", (e) => this.key(e, false));
    requestAnimationFrame((t) => this.draw(t));
  }

  async play(gameId: string): Promise<void> {
    try {
      await this.games.createGame({ gameId });
    } catch (error) {
      if (ConnectError.from(error).code !== Code.AlreadyExists) throw error;
    }
    this.gameId = gameId;
    this.world.clear();
    this.snapshots = [];
    this.lastTick = -1n;
    this.predicted = null;
    if (!(await this.session.joinGame(gameId))) {
      // Refused (e.g. a private game); the session says why in the header.
      this.gameId = null;
      return;
    }
    this.canvas.focus();
  }

  receive(frame: GameServerFrame): void {
    const event = frame.event;
    if (!event.value || !("gameId" in event.value) || event.value.gameId !== this.gameId) return;
    switch (event.case) {
      case "joined":
        this.playerId = event.value.playerId;
        this.lastTick = -1n;
        if (event.value.snapshot) this.apply(event.value.snapshot);
        break;
      case "state":
        this.apply(event.value);
        break;
      case "gameOver":
        this.status = GameStatus.FINISHED;
        this.statusLine.textContent =
          event.value.result?.reason === GameOverReason.ENDED
            ? `Game ended by the application — leading: ${event.value.result.winnerId || "nobody"}`
            : `Game over — winner: ${event.value.result?.winnerId || "nobody"}`;
        break;
      default:
        break;
    }
  }

  private apply(state: GameState): void {
    if (state.tick <= this.lastTick && !state.full) return;
    this.lastTick = state.tick;
    if (state.full) this.world = new Map();
    for (const entity of state.entities) this.world.set(entity.id, entity);
    for (const id of state.removedEntityIds) this.world.delete(id);
    this.status = state.status;
    this.ticksRemaining = state.ticksRemaining;
    this.snapshots = [...this.snapshots.slice(-1), { at: performance.now(), entities: new Map(this.world) }];
    const me = this.playerId ? this.world.get(this.playerId) : undefined;
    if (me) {
      const applied = this.playerId ? state.lastInputSequences[this.playerId] ?? 0n : 0n;
      if (!this.predicted) this.predicted = { x: me.x, y: me.y };
      else if (applied >= this.lastSequence) {
        // The server has every input: move the prediction toward its answer instead of jumping.
        this.predicted = { x: this.predicted.x + (me.x - this.predicted.x) * 0.3, y: this.predicted.y + (me.y - this.predicted.y) * 0.3 };
      }
    }
    this.renderScores();
  }

  private key(event: KeyboardEvent, down: boolean): void {
    if (!keys[event.code] || this.root.hidden || !this.gameId || document.activeElement instanceof HTMLInputElement) return;
    event.preventDefault();
    if (down) this.pressed.add(event.code);
    else this.pressed.delete(event.code);
    let [x, y] = [0, 0];
    for (const code of this.pressed) {
      x += keys[code]![0];
      y += keys[code]![1];
    }
    const length = Math.hypot(x, y) || 1;
    const move: [number, number] = [x / length, y / length];
    if (move[0] !== this.move[0] || move[1] !== this.move[1]) this.sendMove(move);
  }

  private sendMove(move: [number, number]): void {
    if (!this.gameId) return;
    this.move = move;
    this.lastSequence = this.session.sendInput(this.gameId, move[0], move[1]);
    this.lastInputAt = performance.now();
  }

  private draw(now: number): void {
    const dt = Math.min(0.1, (now - this.lastFrame) / 1000);
    this.lastFrame = now;
    if (this.gameId && (this.move[0] !== 0 || this.move[1] !== 0) && now - this.lastInputAt > InputRefreshMs) this.sendMove(this.move);
    if (this.predicted && this.status === GameStatus.RUNNING) {
      this.predicted.x = Math.min(ArenaSize, Math.max(0, this.predicted.x + this.move[0] * Speed * dt));
      this.predicted.y = Math.min(ArenaSize, Math.max(0, this.predicted.y + this.move[1] * Speed * dt));
    }
    const context = this.canvas.getContext("2d")!;
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    context.strokeStyle = "#2a3140";
    for (let i = 10; i < ArenaSize; i += 10) {
      context.beginPath();
      context.moveTo(i * Scale, 0);
      context.lineTo(i * Scale, ArenaSize * Scale);
      context.moveTo(0, i * Scale);
      context.lineTo(ArenaSize * Scale, i * Scale);
      context.stroke();
    }
    for (const entity of this.interpolated(now)) {
      const mine = entity.id === this.playerId;
      const at = mine && this.predicted ? this.predicted : entity;
      context.beginPath();
      if (entity.kind === EntityKind.ITEM) {
        context.fillStyle = "#fcc419";
        context.arc(at.x * Scale, at.y * Scale, 6, 0, Math.PI * 2);
      } else {
        context.fillStyle = userColor(entity.id);
        context.arc(at.x * Scale, at.y * Scale, mine ? 11 : 9, 0, Math.PI * 2);
      }
      context.fill();
      if (entity.kind === EntityKind.PLAYER) {
        context.fillStyle = "#fff";
        context.font = "12px system-ui";
        context.fillText(entity.id, at.x * Scale + 12, at.y * Scale - 10);
      }
    }
    if (this.predicted) {
      this.position.textContent = `You: (${this.predicted.x.toFixed(1)}, ${this.predicted.y.toFixed(1)})`;
      this.position.dataset.x = this.predicted.x.toFixed(3);
      this.position.dataset.y = this.predicted.y.toFixed(3);
    }
    requestAnimationFrame((t) => this.draw(t));
  }

  /** Entities as of a moment slightly in the past, between the two latest server states. */
  private interpolated(now: number): Entity[] {
    const [previous, latest] = this.snapshots.length === 2 ? this.snapshots : [undefined, this.snapshots[0]];
    if (!latest) return [];
    if (!previous) return [...latest.entities.values()];
    const span = Math.max(1, latest.at - previous.at);
    const t = Math.min(1, Math.max(0, (now - InterpolationDelayMs - previous.at) / span));
    return [...latest.entities.values()].map((entity) => {
      const before = previous.entities.get(entity.id);
      return before ? { ...entity, x: before.x + (entity.x - before.x) * t, y: before.y + (entity.y - before.y) * t } : entity;
    });
  }

  private renderScores(): void {
    const players = [...this.world.values()].filter((e) => e.kind === EntityKind.PLAYER).sort((a, b) => b.score - a.score);
    this.scores.replaceChildren(
      ...players.map((p) =>
        // The server's latest position, for anyone who wants the numbers behind the canvas.
        h("li", { class: p.id === this.playerId ? "me" : "", "data-player": p.id, "data-x": p.x.toFixed(3), "data-y": p.y.toFixed(3) }, h("span", {}, p.id), h("strong", {}, String(p.score))),
      ),
    );
    const status = { [GameStatus.WAITING]: "Waiting for players", [GameStatus.RUNNING]: "Running", [GameStatus.FINISHED]: "Finished", [GameStatus.UNSPECIFIED]: "" }[this.status];
    if (this.status !== GameStatus.FINISHED) this.statusLine.textContent = `${status} · tick ${this.lastTick} · ${this.ticksRemaining} ticks left`;
    this.statusLine.dataset.tick = this.lastTick.toString();
  }
}
