import { pageNoticeSchema } from '@/lib/page-notice';
import Link from 'next/link';
import { guardPage } from '@/lib/auth/page-guards';
import { moderateArticleAction, updatePolicyAction } from '../actions';
import { PageNotice } from '@/components/ui/page-notice';
import { listModeratedArticles } from '@/lib/moderation/list-moderated-articles';
import { getModerationPolicyFor } from '@/lib/moderation/get-policy-for-moderator';
import { preModerationLabels } from '@/lib/moderation/policy';

type SettingsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const modes = ['NONE', 'ALL', 'FIRST_COMMENTS', 'LINKS'] as const;

export default async function ModerationSettingsPage({ searchParams }: SettingsPageProps) {
  await guardPage('moderate', '/moderation/settings');
  const { notice, error } = pageNoticeSchema.parse(await searchParams);
  const [policy, articles] = await Promise.all([getModerationPolicyFor(), listModeratedArticles()]);
  return (
    <>
      <h1>Moderation settings</h1>
      <PageNotice notice={notice} error={error} />
      <form action={updatePolicyAction} className="form settings-form">
        <input type="hidden" name="returnTo" value="/moderation/settings" />
        <fieldset>
          <legend>Pre-moderation (hold comments for review before they are published)</legend>
          {modes.map((mode) => (
            <label key={mode} className="radio">
              <input type="radio" name="preModeration" value={mode} defaultChecked={policy.preModeration === mode} /> {preModerationLabels[mode]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="threshold">New commenters: approved comments needed before they publish at once</label>
          <input id="threshold" name="firstCommentsThreshold" type="number" min={1} max={100} defaultValue={policy.firstCommentsThreshold} />
        </div>
        <div className="field">
          <label htmlFor="banned">Banned words and phrases (one per line): refused at once, with a message to the author</label>
          <textarea id="banned" name="bannedWords" rows={5} defaultValue={policy.bannedWords.join('\n')} />
        </div>
        <div className="field">
          <label htmlFor="suspect">Suspect words and phrases (one per line): held for review</label>
          <textarea id="suspect" name="suspectWords" rows={5} defaultValue={policy.suspectWords.join('\n')} />
        </div>
        <div className="field">
          <label htmlFor="autoclose">Close comments this many days after an article is published (empty: never)</label>
          <input id="autoclose" name="autoCloseDays" type="number" min={1} defaultValue={policy.autoCloseDays ?? ''} />
        </div>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="requireVerifiedEmail" defaultChecked={policy.requireVerifiedEmail} aria-describedby="require-verified-hint" /> A verified
            email is required to post
          </label>
          <p id="require-verified-hint" className="field__hint">
            Readers who have not opened the link sent to their address are asked to do so before their comment is accepted.
          </p>
        </div>
        <button type="submit" className="button">
          Save policy
        </button>
      </form>

      <h2>Articles</h2>
      <table className="table">
        <caption className="visually-hidden">Comment settings per article</caption>
        <thead>
          <tr>
            <th scope="col">Article</th>
            <th scope="col">Comments</th>
            <th scope="col">Pre-moderation</th>
          </tr>
        </thead>
        <tbody>
          {articles.map((article) => (
            <tr key={article.id}>
              <th scope="row">
                <Link href={`/articles/${article.slug}#comments`}>{article.title}</Link> <span className="meta">({article.commentCount})</span>
              </th>
              <td>
                <form action={moderateArticleAction}>
                  <input type="hidden" name="articleId" value={article.id} />
                  <input type="hidden" name="returnTo" value="/moderation/settings" />
                  <input type="hidden" name="decision" value={article.commentsClosedAt ? 'reopen' : 'close'} />
                  <button type="submit" className="button button--small button--secondary">
                    {article.commentsClosedAt ? 'Reopen comments' : 'Close comments'}
                  </button>
                </form>
              </td>
              <td>
                <form action={moderateArticleAction} className="inline-fields">
                  <input type="hidden" name="articleId" value={article.id} />
                  <input type="hidden" name="returnTo" value="/moderation/settings" />
                  <input type="hidden" name="decision" value="pre-moderation" />
                  <label htmlFor={`premod-${article.id}`} className="visually-hidden">
                    Pre-moderation for {article.title}
                  </label>
                  <select id={`premod-${article.id}`} name="mode" defaultValue={article.preModeration ?? 'SITE'}>
                    <option value="SITE">Site policy</option>
                    {modes.map((mode) => (
                      <option key={mode} value={mode}>
                        {preModerationLabels[mode]}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button button--small button--secondary">
                    Save
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
