// Inputs of the notification forms, shared by the forms and the server actions.
import { z } from 'zod';

export const notificationTopics = ['REPLY', 'MENTION', 'FOLLOWED_THREAD', 'MODERATION'] as const;
export const notificationDeliveries = ['OFF', 'IN_APP', 'EMAIL_NOW', 'EMAIL_DIGEST'] as const;

/** The account page's words for each topic and delivery. */
export const topicLabels: Record<(typeof notificationTopics)[number], string> = {
  REPLY: 'Replies to my comments',
  MENTION: 'Mentions of me',
  FOLLOWED_THREAD: 'New comments in threads I follow',
  MODERATION: 'Moderation of my comments and account',
};

export const deliveryLabels: Record<(typeof notificationDeliveries)[number], string> = {
  OFF: 'Off',
  IN_APP: 'In the app only',
  EMAIL_NOW: 'Also by email at once',
  EMAIL_DIGEST: 'Also by email in a daily digest',
};

const delivery = z.enum(notificationDeliveries, { error: 'Choose how to be told.' });

export const notificationPreferencesSchema = z.object({
  REPLY: delivery,
  MENTION: delivery,
  FOLLOWED_THREAD: delivery,
  MODERATION: delivery,
  digestHourUtc: z.coerce
    .number({ error: 'Choose an hour from 0 to 23.' })
    .int({ error: 'Choose an hour from 0 to 23.' })
    .min(0, { error: 'Choose an hour from 0 to 23.' })
    .max(23, { error: 'Choose an hour from 0 to 23.' }),
});
export type NotificationPreferencesInput = z.input<typeof notificationPreferencesSchema>;

export const notificationIdSchema = z.object({ notificationId: z.uuid({ error: 'That notification no longer exists.' }) });

export const articleIdSchema = z.object({ articleId: z.uuid({ error: 'That article does not exist.' }) });

/** A /notifications page: the first, or the one after a cursor the server handed out. */
export const notificationCursorSchema = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[0-9a-f-]{36}$/)
  .optional()
  .catch(undefined);
