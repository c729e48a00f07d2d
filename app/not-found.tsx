import Link from 'next/link';
export const metadata = { title: 'Page not found' };

export default function NotFound() {
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
