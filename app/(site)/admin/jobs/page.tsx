import { PageNotice } from '@/components/ui/page-notice';
import { guardPage } from '@/lib/auth/page-guards';
import { formatUtc } from '@/lib/format-utc';
import { listFailedJobs } from '@/lib/jobs/failed-jobs';
import { pageNoticeSchema } from '@/lib/page-notice';
import { retryJobAction } from './actions';

export const metadata = { title: 'Admin: failed jobs', robots: { index: false } };

type JobsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function JobsPage({ searchParams }: JobsPageProps) {
  await guardPage('administer', '/admin/jobs');
  const { notice, error } = pageNoticeSchema.parse(await searchParams);
  const { jobs, total } = await listFailedJobs();

  return (
    <div className="admin-page">
      <h1>Failed jobs</h1>
      <p>
        Background jobs (emails, digests) that failed every attempt. Retry one once its cause is fixed (for example, the SMTP server is reachable again); an email
        already sent is never sent twice.
      </p>
      <PageNotice notice={notice} error={error} />
      {jobs.length === 0 ? (
        <p>No failed jobs.</p>
      ) : (
        <>
          {total > jobs.length && (
            <p>
              Showing the newest {jobs.length} of {total}.
            </p>
          )}
          <table className="table">
            <caption className="visually-hidden">Failed jobs</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Data</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Failed</th>
                <th scope="col">Retry</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <th scope="row">{job.name}</th>
                  <td>
                    <code>{job.data}</code>
                  </td>
                  <td>{job.attempts}</td>
                  <td>{job.error}</td>
                  <td>{job.failedAt ? formatUtc(job.failedAt) : ''}</td>
                  <td>
                    <form action={retryJobAction}>
                      <input type="hidden" name="name" value={job.name} />
                      <input type="hidden" name="id" value={job.id} />
                      <button type="submit" className="button button--small">
                        Retry{' '}
                        <span className="visually-hidden">
                          {job.name} job {job.id}
                        </span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
