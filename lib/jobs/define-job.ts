// A job the worker runs: a name (its pg-boss queue), the shape of its data
// (checked when enqueued and again when handled: a job written by an older
// release, or by hand, cannot reach a handler malformed), and the handler.
import type { z } from 'zod';

export type JobContext = { id: string; retryCount: number };

export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  readonly name: string;
  readonly data: Schema;
  readonly handle: (data: z.infer<Schema>, job: JobContext) => Promise<void>;
  /** Attempts after the first failure, with exponential backoff (pg-boss retryBackoff). Default 5. */
  readonly retryLimit: number;
  /** Seconds before the first retry; each later one waits about twice as long (with jitter). Default 10. */
  readonly retryDelaySeconds: number;
  /** A pg-boss cron expression (UTC): the worker enqueues the job on that schedule with empty data. */
  readonly cron?: string;
};

export function defineJob<Schema extends z.ZodType>(definition: {
  name: string;
  data: Schema;
  handle: (data: z.infer<Schema>, job: JobContext) => Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  cron?: string;
}): JobDefinition<Schema> {
  // pg-boss queue names: letters, digits, dashes, underscores, dots and slashes.
  if (!/^[\w.\-/]+$/.test(definition.name)) throw new Error(`Job name "${definition.name}" may only hold letters, digits, _ - . and /.`);
  return { ...definition, retryLimit: definition.retryLimit ?? 5, retryDelaySeconds: definition.retryDelaySeconds ?? 10 };
}
