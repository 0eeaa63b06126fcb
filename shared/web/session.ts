import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { secretsEqual } from '../constantTime';

/**
 * A signed, short-lived sidebar session carried in a hidden form field (third-party cookies are blocked in
 * portal iframes). It binds the portal, the user, the dialog and the user's role; nothing in it is secret,
 * it only can't be forged or extended without SESSION_SECRET.
 */
const sessionSchema = z.object({
  memberId: z.string(),
  userId: z.string(),
  userName: z.string(),
  /** '' on the app page */
  dialogId: z.string(),
  /** the numeric chat id the portal confirmed for dialogId (0 on the app page) */
  chatId: z.number(),
  chatName: z.string(),
  chatKind: z.string(),
  memberCount: z.number().optional(),
  /** owner or manager of the chat: may edit and delete any article */
  canModerate: z.boolean(),
  /** portal admin (app page health) */
  isAdmin: z.boolean(),
  lang: z.string(),
  /** unix seconds */
  expiresAt: z.number(),
});

export type Session = z.infer<typeof sessionSchema>;

/** Long enough for a sidebar left open over a meeting, short enough that a copied page soon stops working. */
export const sessionLifetimeSeconds = 4 * 60 * 60;

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signSession(secret: string, session: Session): string {
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** The session if the token is well formed, signed with this secret and not expired; otherwise null. */
export function verifySession(secret: string, token: unknown, now: number): Session | null {
  if (typeof token !== 'string' || token.length > 2048) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  if (!secretsEqual(signature, sign(secret, payload))) return null;
  try {
    const session = sessionSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return session.success && session.data.expiresAt > now ? session.data : null;
  } catch {
    return null;
  }
}
