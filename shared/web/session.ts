import { z } from 'zod';
import { readSignedToken, signToken } from './signedToken';

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
  /** the installation it was issued under: after an uninstall and reinstall it no longer matches */
  installId: z.string().default(''),
  /** unix milliseconds: when the portal last confirmed the user's membership and role (0: never) */
  checkedAt: z.number().default(0),
  /** unix seconds */
  expiresAt: z.number(),
});

export type Session = z.infer<typeof sessionSchema>;

/** The longest chat and user names a session carries (UTF-16 units); longer ones are cut with an ellipsis. */
export const maxChatNameUnits = 1000;
export const maxUserNameUnits = 500;
/**
 * The longest token accepted. Names are the only long fields; cut to their maximum and cleaned of control
 * characters and lone surrogates they take at most 3 bytes per unit in JSON, so a session with both names at
 * their maximum stays under this (test/shared/web/session.test.ts holds it).
 */
export const maxSessionTokenLength = 8192;

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A name as a session carries it: control characters and line separators become spaces, lone surrogates
 * U+FFFD (so JSON never needs a 6-byte escape for it), and at most `maxUnits` UTF-16 units, never cutting a
 * surrogate pair.
 */
export function clipName(name: string, maxUnits: number): string {
  let clean = name.replace(loneSurrogate, '\ufffd').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  if (clean.length <= maxUnits) return clean;
  let end = maxUnits - 1;
  const code = clean.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  clean = `${clean.slice(0, end)}…`;
  return clean;
}

/** Long enough for a sidebar left open over a meeting, short enough that a copied page soon stops working. */
export const sessionLifetimeSeconds = 4 * 60 * 60;

export function signSession(secret: string, session: Session): string {
  const bounded = { ...session, chatName: clipName(session.chatName, maxChatNameUnits), userName: clipName(session.userName, maxUserNameUnits) };
  return signToken(secret, '', bounded);
}

/** The session if the token is well formed, signed with this secret and not expired; otherwise null. */
export function verifySession(secret: string, token: unknown, now: number): Session | null {
  const session = sessionSchema.safeParse(readSignedToken(secret, '', token, maxSessionTokenLength));
  return session.success && session.data.expiresAt > now ? session.data : null;
}
