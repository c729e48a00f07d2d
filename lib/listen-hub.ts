import 'server-only';
import { inspect } from 'node:util';
import pg from 'pg';
import { env } from '@/lib/env';
import { logFor } from '@/lib/log';

type Listener<E> = (event: E) => void;

/**
 * One LISTEN connection per app instance and channel, shared by every open
 * stream and fanned out by key (an article, a user). It is opened with the
 * first subscriber and closed with the last, so an instance nobody watches
 * holds no connection. NOTIFY reaches every instance, so readers on any
 * instance hear of every change; no state lives in this process but who is
 * listening here.
 */
export class ListenHub<E> {
  private readonly listeners = new Map<string, Set<Listener<E>>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly channel: string,
    /** The event a payload carries, and the keys whose subscribers hear it. */
    private readonly decode: (payload: string) => { event: E; keys: string[] },
    private readonly logName: string,
  ) {}

  get subscriberCount(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  subscribe(key: string, listener: Listener<E>): () => void {
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    void this.ensureConnected();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
      if (this.subscriberCount === 0) void this.disconnect();
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.subscriberCount === 0) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    // A connect that hangs would hold every stream waiting on it; retried like a refused one.
    const client = new pg.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 5_000 });
    client.on('notification', (message) => {
      if (message.channel !== this.channel || !message.payload) return;
      const { event, keys } = this.decode(message.payload);
      for (const key of keys) for (const listener of this.listeners.get(key) ?? []) listener(event);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
      if (this.subscriberCount === 0) await this.disconnect();
    } catch (error) {
      this.lost(client, error);
    }
  }

  /** The database went away: try again while anyone is still watching. */
  private lost(client: pg.Client, error?: unknown) {
    if (this.client === client) this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (error) logFor('streams').warn({ event: this.logName, error: error instanceof Error ? error.message : inspect(error) });
    if (this.subscriberCount > 0 && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.ensureConnected();
      }, 2000);
    }
  }

  private async disconnect() {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners('end');
    await client.end().catch(() => undefined);
  }
}
