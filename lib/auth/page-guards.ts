import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { DomainError } from '@/lib/errors';
import { authorize, type Capability } from './authorization';
import { getCurrentUser, type CurrentUser } from './current-user';

/**
 * For pages: anonymous visitors are sent to sign in (and brought back);
 * signed-in users without the capability get a 404, which does not even
 * confirm that the page exists.
 */
export async function guardPage(capability: Capability, returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  try {
    return authorize(user, capability);
  } catch (error) {
    if (error instanceof DomainError) notFound();
    throw error;
  }
}
