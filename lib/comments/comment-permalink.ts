/**
 * A comment's link: ?comment= shows the thread holding it wherever it is in the
 * discussion, not only on the first page; the fragment scrolls to it. Relative;
 * emails prefix SITE_URL.
 */
export function commentPermalink(articleSlug: string, commentId: string): string {
  return `/articles/${articleSlug}?comment=${commentId}#comment-${commentId}`;
}
