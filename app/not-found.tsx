import { NotFoundMessage } from '@/components/site/not-found-message';
import { SiteHeader } from '@/components/site/site-header';

export const metadata = { title: 'Page not found' };

/**
 * Any address no route answers. The same page for everyone (it is prerendered),
 * so the header leaves out the reader's own links.
 */
export default function NotFound() {
  return (
    <>
      <SiteHeader account={null} />
      <main id="main" className="page" tabIndex={-1}>
        <NotFoundMessage />
      </main>
    </>
  );
}
