'use client';

// Shown when the root layout itself fails. Next.js's built-in page does the
// same job with more markup and inline styles, loaded on every page; this one
// is a few hundred bytes.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main style={{ maxWidth: '40rem', margin: '4rem auto', padding: '0 1rem', fontFamily: 'system-ui, sans-serif' }}>
          <h1>Something went wrong</h1>
          <p>Parley could not show this page. Please try again in a moment.</p>
          <p>
            <button type="button" onClick={() => reset()}>
              Try again
            </button>{' '}
            {/* A full page load, not a client navigation: the app's router is what just failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above */}
            <a href="/">Go to the front page</a>
          </p>
        </main>
      </body>
    </html>
  );
}
