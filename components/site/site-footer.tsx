import { siteName } from '@/lib/site';

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>
          {siteName}: long-form analysis, and a comment thread worth reading. <a href="/feed.xml">Subscribe by RSS</a>.
        </p>
      </div>
    </footer>
  );
}
