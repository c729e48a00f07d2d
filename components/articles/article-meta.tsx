export type ArticleMetaProps = {
  readingMinutes: number;
  commentCount: number;
  publishedAt: string | null;
  /** Where the comment count links to; omitted in lists where the whole card is the link. */
  commentsHref?: string;
};

export function formatCommentCount(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'comment' : 'comments'}`;
}

export function ArticleMeta({ readingMinutes, commentCount, publishedAt, commentsHref }: ArticleMetaProps) {
  const comments = formatCommentCount(commentCount);
  return (
    <p className="meta">
      {publishedAt && (
        <time dateTime={publishedAt}>{new Date(publishedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}</time>
      )}
      <span>{readingMinutes} min read</span>
      {commentsHref ? <a href={commentsHref}>{comments}</a> : <span>{comments}</span>}
    </p>
  );
}
