// npm run user:role -- <email> <reader|moderator|admin> [--create --name "Display Name"]
// Creates or promotes the first admin (and changes any role) from the command line.
import { randomBytes } from 'node:crypto';
import { applyRoleChange } from '@/lib/auth/set-user-role';
import { hashPassword } from '@/lib/auth/password';
import { emailSchema, roleSchema } from '@/lib/auth/schema';
import { stopTagExpiry } from '@/lib/cache/tag-expiry.mjs';
import { db } from '@/lib/db';

const usage = 'Usage: npm run user:role -- <email> <reader|moderator|admin> [--create --name "Display Name"]';

async function main() {
  const args = process.argv.slice(2);
  const positional = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--name');
  const email = emailSchema.safeParse(positional[0] ?? '');
  const role = roleSchema.safeParse((positional[1] ?? '').toUpperCase());
  if (!email.success || !role.success) throw new Error(`${email.success ? role.error?.issues[0]?.message : email.error.issues[0]?.message}\n${usage}`);

  let user = await db.user.findUnique({ where: { email: email.data }, select: { id: true, deletedAt: true } });
  if (!user || user.deletedAt) {
    if (!args.includes('--create')) throw new Error(`No account uses ${email.data}. Add --create --name "Their Name" to create it.\n${usage}`);
    const name = args[args.indexOf('--name') + 1];
    if (!args.includes('--name') || !name) throw new Error(`Give the new account a display name with --name "Their Name".\n${usage}`);
    const password = randomBytes(12).toString('base64url');
    user = await db.user.create({ data: { email: email.data, name, passwordHash: await hashPassword(password) }, select: { id: true, deletedAt: true } });
    console.log(`Created ${email.data} with the one-time password: ${password}\nSign in and change it on the account page.`);
  }
  const result = await applyRoleChange({ userId: user.id, role: role.data, actorId: null, ip: 'cli' });
  console.log(result.changed ? `${email.data}: ${result.from} -> ${result.to}` : `${email.data} already is ${result.to}.`);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => Promise.all([db.$disconnect(), stopTagExpiry()]));
