import { afterAll, describe, expect, test } from 'vitest';
import { POST, GET } from '@/app/unsubscribe/route';
import { createTestUser } from '@/lib/auth/test-users';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { unsubscribe } from './unsubscribe';
import { readUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from './unsubscribe-token';

afterAll(() => db.$disconnect());

const deliveries = async (userId: string) =>
  Object.fromEntries((await db.notificationPreference.findMany({ where: { userId } })).map((row) => [row.topic, row.delivery]));

describe('one-click unsubscribe', () => {
  test('the RFC 8058 POST, with no cookie, turns that topic to in-app only and leaves the others', async () => {
    const user = await createTestUser();
    await db.notificationPreference.create({ data: { userId: user.id, topic: 'MENTION', delivery: 'EMAIL_NOW' } });
    const response = await POST(
      new Request(unsubscribeUrl(user.id, 'REPLY'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You will no longer get email about replies to your comments');
    expect(await deliveries(user.id)).toEqual({ REPLY: 'IN_APP', MENTION: 'EMAIL_NOW' });
  });

  test('the footer link’s GET only asks for confirmation; nothing changes until the POST', async () => {
    const user = await createTestUser();
    const response = await GET(new Request(unsubscribeUrl(user.id, 'MODERATION')));
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<form method="post">');
    expect(page).toContain('moderation of your comments and account');
    expect(await deliveries(user.id)).toEqual({});
  });

  test('a forged or cut token gets a clear 400 page and changes nothing', async () => {
    const user = await createTestUser();
    const good = unsubscribeToken(user.id, 'REPLY');
    const forged = [good.replace('REPLY', 'MENTION'), good.slice(0, -3), `${user.id}.REPLY.`, 'nonsense', `${good}.extra`];
    for (const token of forged) {
      const response = await POST(new Request(`http://localhost:3000/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST' }));
      expect(response.status, token).toBe(400);
      expect(await response.text()).toContain('This unsubscribe link is not valid');
      expect(readUnsubscribeToken(token)).toBeNull();
    }
    const missing = await GET(new Request('http://localhost:3000/unsubscribe'));
    expect(missing.status).toBe(400);
    await expect(unsubscribe('nonsense')).rejects.toBeInstanceOf(DomainError);
    expect(await deliveries(user.id)).toEqual({});
  });

  test('a topic switched off stays off, and the digest link stops every digest topic', async () => {
    const user = await createTestUser();
    await db.notificationPreference.createMany({
      data: [
        { userId: user.id, topic: 'REPLY', delivery: 'OFF' },
        { userId: user.id, topic: 'MENTION', delivery: 'EMAIL_DIGEST' },
        { userId: user.id, topic: 'MODERATION', delivery: 'EMAIL_DIGEST' },
      ],
    });
    await unsubscribe(unsubscribeToken(user.id, 'REPLY'));
    await unsubscribe(unsubscribeToken(user.id, 'DIGEST'));
    expect(await deliveries(user.id)).toEqual({ REPLY: 'OFF', MENTION: 'IN_APP', MODERATION: 'IN_APP' });
  });

  test('the account emails’ link (ALL) turns every topic to in-app only, leaving what is off off; its page says so first', async () => {
    const user = await createTestUser();
    await db.notificationPreference.createMany({
      data: [
        { userId: user.id, topic: 'MENTION', delivery: 'OFF' },
        { userId: user.id, topic: 'MODERATION', delivery: 'EMAIL_DIGEST' },
      ],
    });
    const confirm = await GET(new Request(unsubscribeUrl(user.id, 'ALL')));
    expect(await confirm.text()).toContain('You will no longer get email about any notification (replies, mentions, threads you follow, moderation)');
    expect(await deliveries(user.id)).toEqual({ MENTION: 'OFF', MODERATION: 'EMAIL_DIGEST' });
    expect(readUnsubscribeToken(unsubscribeToken(user.id, 'ALL'))).toEqual({ userId: user.id, topic: 'ALL' });

    await unsubscribe(unsubscribeToken(user.id, 'ALL'));
    expect(await deliveries(user.id)).toEqual({ REPLY: 'IN_APP', MENTION: 'OFF', FOLLOWED_THREAD: 'IN_APP', MODERATION: 'IN_APP' });
  });
});
