import 'server-only';
import pg from 'pg';
import { env } from '@/lib/env';
import { logEvent } from '@/lib/log';
import { COMMENT_CHANNEL, type CommentEvent } from './comment-events';

type Listener = (event: CommentEvent) => void;

/** Subscribe with this instead of an article id to hear every article (the moderation console). */
export const ALL_ARTICLES = '*';

/**
 * One LISTEN connection per app instance, shared by every open stream and
 * fanned out by article. It is opened with the first subscriber and closed
 * with the last, so an instance nobody watches holds no connection. NOTIFY
 * reaches every instance, so readers on any instance see every comment.
 */
class CommentStreamHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  get subscriberCount(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  subscribe(articleId: string, listener: Listener): () => void {
    const set = this.listeners.get(articleId) ?? new Set();
    set.add(listener);
    this.listeners.set(articleId, set);
    void this.ensureConnected();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(articleId);
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
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    client.on('notification', (message) => {
      if (message.channel !== COMMENT_CHANNEL || !message.payload) return;
      const event = JSON.parse(message.payload) as CommentEvent;
      for (const listener of this.listeners.get(event.articleId) ?? []) listener(event);
      for (const listener of this.listeners.get(ALL_ARTICLES) ?? []) listener(event);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${COMMENT_CHANNEL}`);
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
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever pg failed with; a log line has room for text only
    if (error) logEvent('comments.stream.lost', { error: error instanceof Error ? error.message : String(error) }, 'warn');
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

// One hub per process, also across hot reloads in development.
const globalForHub = globalThis as unknown as { parleyCommentHub?: CommentStreamHub };
export const commentStreamHub = (globalForHub.parleyCommentHub ??= new CommentStreamHub());
