import { PageNotice } from '@/components/ui/page-notice';
import { guardPage } from '@/lib/auth/page-guards';
import { adminPageQuerySchema } from '@/lib/auth/schema';
import { listUsers } from '@/lib/auth/list-users';
import { roleChangeRefusal } from '@/lib/auth/set-user-role';
import { standingOf } from '@/lib/auth/authorization';
import { formatUtc } from '@/lib/format-utc';
import { setRoleAction } from './actions';

export const metadata = { title: 'Admin: people', robots: { index: false } };

type AdminPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const roleLabel = { READER: 'Reader', MODERATOR: 'Moderator', ADMIN: 'Admin' } as const;

export default async function AdminPage({ searchParams }: AdminPageProps) {
  const admin = await guardPage('administer', '/admin');
  const { q, notice, error } = adminPageQuerySchema.parse(await searchParams);
  const { users } = await listUsers({ query: q });

  return (
    <div className="admin-page">
      <h1>People and roles</h1>
      <p>
        Appoint moderators, or remove them. Admins are appointed with the <code>npm run user:role</code> command.
      </p>
      <p>
        <a href="/admin/jobs">Failed background jobs</a> (emails, digests)
      </p>
      <PageNotice notice={notice} error={error} />
      <form method="get" className="search-form" role="search">
        <label htmlFor="user-search">Find by name or email</label>
        <input id="user-search" name="q" type="search" defaultValue={q ?? ''} />
        <button type="submit" className="button button--secondary">
          Search
        </button>
      </form>
      <table className="table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">Standing</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const standing = standingOf(user);
            const nextRole = user.role === 'READER' ? 'MODERATOR' : 'READER';
            const canChange = roleChangeRefusal(admin.id, user) === null;
            return (
              <tr key={user.id}>
                <th scope="row">
                  {user.name}
                  {user.isDemo && <span className="badge">demo</span>}
                </th>
                <td>{user.email}</td>
                <td>{roleLabel[user.role]}</td>
                <td>{formatUtc(user.createdAt)}</td>
                <td>{standing.status}</td>
                <td>
                  {canChange && (
                    <form action={setRoleAction}>
                      <input type="hidden" name="userId" value={user.id} />
                      <input type="hidden" name="role" value={nextRole} />
                      <button type="submit" className="button button--small">
                        {nextRole === 'MODERATOR' ? `Make ${user.name} a moderator` : `Remove ${user.name} as moderator`}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {users.length === 0 && <p>No one matches “{q}”.</p>}
    </div>
  );
}
