'use server';

import { refresh } from 'next/cache';
import { DomainError } from '@/lib/errors';
import { markAllNotificationsRead, markNotificationRead } from '@/lib/notifications/mark-read';
import { notificationIdSchema } from '@/lib/notifications/schema';

// Plain forms (no JavaScript needed): the page re-renders with the new state.
export async function markNotificationReadAction(formData: FormData): Promise<void> {
  const parsed = notificationIdSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return;
  try {
    await markNotificationRead(parsed.data);
  } catch (error) {
    // Already gone (or never the reader's): nothing to mark, the page shows what is left.
    if (!(error instanceof DomainError)) throw error;
  }
  refresh();
}

export async function markAllNotificationsReadAction(): Promise<void> {
  await markAllNotificationsRead();
  refresh();
}
