import type { Runtime } from '../shared/runtime';
import { verifySession, type Session } from '../shared/web/session';

/**
 * A session this deployment signed, whether or not it has ended: enough to know which portal, chat and user
 * a page was for (to frame its error page, to renew it with a fresh token), never enough to act.
 */
export function authenticSession(runtime: Runtime, token: unknown): Session | null {
  return verifySession(runtime.config.sessionSecret, token, Number.NEGATIVE_INFINITY);
}
