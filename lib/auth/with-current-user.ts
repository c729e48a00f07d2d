import 'server-only';
import { getCurrentUser, type CurrentUser } from './current-user';

/**
 * Commands are written as `xAs(actor, ...)` so tests can act as any user; the
 * app calls the bound form, which acts as whoever is signed in.
 */
export function withCurrentUser<A extends unknown[], R>(command: (actor: CurrentUser | null, ...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => command(await getCurrentUser(), ...args);
}
