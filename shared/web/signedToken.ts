import { createHmac } from 'node:crypto';
import { secretsEqual } from '../constantTime';

/**
 * A value carried through the browser in a hidden form field, signed (HMAC-SHA256 with SESSION_SECRET) so
 * that it can be read back but not made up or changed. Nothing in it is secret. `purpose` separates kinds of
 * tokens: one signed for a purpose never reads as another's (sessions sign with none, as they always have).
 */
function sign(secret: string, purpose: string, payload: string): string {
  return createHmac('sha256', secret).update(purpose === '' ? payload : `${purpose}\n${payload}`).digest('base64url');
}

export function signToken(secret: string, purpose: string, value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${sign(secret, purpose, payload)}`;
}

/** The value of a token signed with this secret for this purpose, at most `maxLength` long; else null. */
export function readSignedToken(secret: string, purpose: string, token: unknown, maxLength: number): unknown {
  if (typeof token !== 'string' || token.length > maxLength) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  if (!secretsEqual(signature, sign(secret, purpose, payload))) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
