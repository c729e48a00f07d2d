import { db } from '@/lib/db';
import type { AuthEventType, Prisma } from '@/lib/generated/prisma/client';
import { logFor } from '@/lib/log';

export type AuthEventInput = {
  type: AuthEventType;
  userId?: string | null;
  actorId?: string | null;
  ip?: string | null;
  /** Context such as the provider or the old and new role. Never secrets. */
  detail?: Prisma.InputJsonObject;
};

/** Stores the event (UTC timestamp) and writes it to the log. */
export async function recordAuthEvent(event: AuthEventInput, tx: Prisma.TransactionClient = db): Promise<void> {
  await tx.authEvent.create({
    data: {
      type: event.type,
      userId: event.userId ?? null,
      actorId: event.actorId ?? null,
      ip: event.ip ?? null,
      detail: event.detail ?? undefined,
    },
  });
  logFor('auth').info({
    event: `auth.${event.type.toLowerCase()}`,
    userId: event.userId ?? null,
    actorId: event.actorId ?? null,
    ip: event.ip ?? null,
    ...event.detail,
  });
}
