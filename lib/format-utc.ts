/** "26 November 2026, 14:05 UTC": unambiguous for readers in any time zone. */
export function formatUtc(date: Date): string {
  return `${date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  })} UTC`;
}
