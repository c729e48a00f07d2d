// Not in relative-time.tsx: that module is 'use client', and a server component
// (comment-item.tsx) cannot call a function exported from a client module.
export function formatExact(iso: string): string {
  return `${new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}
