import 'server-only';
import { policyTag } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import type { z } from 'zod';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { getModerationPolicy, policySelect } from './policy';
import { recordAudit } from './record-audit';
import type { policySchema } from './schema';

/** Changes the site's moderation settings; the change is itself an audited action. */
export async function updatePolicyAs(actor: CurrentUser | null, input: z.infer<typeof policySchema>) {
  const moderator = authorize(actor, 'moderate');
  await db.$transaction(async (tx) => {
    const { updatedAt: _b, ...before } = await getModerationPolicy(tx);
    const { updatedAt: _a, ...after } = await tx.moderationPolicy.update({ where: { id: 1 }, data: input, select: policySelect });
    await recordAudit(tx, { action: 'POLICY_UPDATED', actorId: moderator.id, targetType: 'policy', targetId: '1', before, after });
  });
  // Auto-close decides whether article pages show a composer.
  await expireCacheTags([policyTag]);
}

export const updatePolicy = withCurrentUser(updatePolicyAs);
