import Link from 'next/link';
import type { ReactNode } from 'react';

export const metadata = { title: 'Moderation', robots: { index: false } };

// Each page guards itself (guardPage) with its own address, so signing in
// returns to that page; the data functions it calls check again in lib/.
export default function ModerationLayout({ children }: { children: ReactNode }) {
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
