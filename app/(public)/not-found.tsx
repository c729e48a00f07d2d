import { NotFoundMessage } from '@/components/site/not-found-message';

export const metadata = { title: 'Page not found' };

/** notFound() from a page of this group: inside its own header and main. */
export default function NotFound() {
  return <NotFoundMessage />;
}
