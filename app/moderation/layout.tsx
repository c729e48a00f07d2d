import Link from 'next/link';
import type { ReactNode } from 'react';
import { guardPage } from '@/lib/auth/page-guards';

export const metadata = { title: 'Moderation', robots: { index: false } };

export default async function ModerationLayout({ children }: { children: ReactNode }) {
  // Every page below also asks lib/ through the functions it calls; this only
  // keeps non-moderators from seeing the console's frame at all.
  await guardPage('moderate', '/moderation');
  return (
    <div className="moderation">
      <nav className="moderation-nav" aria-label="Moderation">
        <Link href="/moderation">Queues</Link>
        <Link href="/moderation/appeals">Appeals</Link>
        <Link href="/moderation/settings">Settings</Link>
        <Link href="/moderation/audit">Audit log</Link>
      </nav>
      {children}
    </div>
  );
}
