'use client';

import { useEffect, useState } from 'react';
import { formatExact } from './format-exact';

export type RelativeTimeProps = { iso: string };

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

function relative(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

/**
 * "5 minutes ago", with the exact UTC time on hover; refreshed every minute.
 * The server renders the exact time: its HTML is cached and shared, so
 * "5 minutes ago" would be wrong by the time a reader sees it (and reading the
 * clock would keep Next.js from caching the page at all).
 */
export function RelativeTime({ iso }: RelativeTimeProps) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the clock is read after hydration, so the server's HTML matches
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const exact = formatExact(iso);
  return (
    <time dateTime={iso} title={exact}>
      {now === null ? exact : relative(iso, now)}
    </time>
  );
}
