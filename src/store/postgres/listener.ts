import pg from "pg";
import type { Logger } from "../../logger.ts";

type Log = Pick<Logger, "info" | "warn" | "error">;

/** Reconnection delays: 0.5 s, 1 s, 2 s … capped at 30 s, with some jitter so instances do not reconnect in step. */
export function backoffMs(attempt: number): number {
  return Math.round(Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1)) * (0.8 + Math.random() * 0.4));
}

/**
 * LISTEN on one NOTIFY channel through a dedicated connection (a pooled one
 * would be handed to other work and miss notifications). When the connection
 * is lost it reconnects with backoff, logging each attempt; after every
 * (re)connection `onReady` runs, since notifications sent while nobody
 * listened are lost and the caller must look for itself once.
 */
export class NotifyListener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly options: {
      config: pg.ClientConfig;
      channel: string;
      onNotify: (payload: string) => void;
      onReady: () => void;
      logger: Log | undefined;
      description: string;
    },
  ) {}

  /** Starts listening (once); resolves after the first attempt, whether or not it connected. */
  start(): Promise<void> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ ...this.options.config, keepAlive: true });
    this.client = client;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners("notification");
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.logger?.warn("postgres", "notification listener lost its connection", { database: this.options.description, error: error?.message ?? "ended" });
      this.schedule();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (message) => {
      if (message.channel === this.options.channel) this.options.onNotify(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.attempt > 0) this.options.logger?.info("postgres", "notification listener reconnected", { database: this.options.description, attempts: this.attempt });
    this.attempt = 0;
    this.options.onReady();
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.attempt++;
    const delay = backoffMs(this.attempt);
    this.options.logger?.warn("postgres", "reconnecting the notification listener", { database: this.options.description, attempt: this.attempt, inMs: delay });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    await this.connecting?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }
}
