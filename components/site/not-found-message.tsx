import Link from 'next/link';

/** What every "Page not found" says. */
export function NotFoundMessage() {
  return (
    <div className="not-found">
      <h1>Page not found</h1>
      <p>There is no article at this address. It may have been moved, or the link may be mistyped.</p>
      <p>
        <Link href="/">See all articles</Link>
      </p>
    </div>
  );
}
