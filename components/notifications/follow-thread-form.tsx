import { setThreadFollowAction } from '@/app/(site)/articles/[slug]/actions';

export type FollowThreadFormProps = { articleId: string; following: boolean };

/** "Follow this thread" / "Unfollow": a plain form, so it works before (and without) JavaScript. */
export function FollowThreadForm({ articleId, following }: FollowThreadFormProps) {
  return (
    <form action={setThreadFollowAction} className="follow-thread">
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="follow" value={following ? '0' : '1'} />
      <button type="submit" className="button button--small button--secondary">
        {following ? 'Unfollow this thread' : 'Follow this thread'}
      </button>{' '}
      {following && <span className="field__hint">You are told of new comments here.</span>}
    </form>
  );
}
