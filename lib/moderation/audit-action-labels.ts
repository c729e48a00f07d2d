import type { AuditAction } from '@/lib/generated/prisma/enums';

/** How each kind of audit entry is named in the log and its filter. */
export const auditActionLabel: Record<AuditAction, string> = {
  COMMENT_APPROVED: 'comment approved',
  COMMENT_REJECTED: 'comment rejected',
  COMMENT_RESTORED: 'comment restored',
  COMMENT_FEATURED: 'comment featured',
  COMMENT_UNFEATURED: 'comment unfeatured',
  ARTICLE_CLOSED: 'article closed',
  ARTICLE_REOPENED: 'article reopened',
  ARTICLE_PREMODERATION_SET: 'article pre-moderation set',
  USER_WARNED: 'user warned',
  USER_SUSPENDED: 'user suspended',
  USER_BANNED: 'user banned',
  USER_LIFTED: 'user ban or suspension lifted',
  USER_MODERATION_MODE_SET: 'user pre-moderation set',
  ROLE_CHANGED: 'role changed',
  POLICY_UPDATED: 'policy updated',
  APPEAL_RESOLVED: 'appeal resolved',
};
