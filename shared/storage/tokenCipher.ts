import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Tokens at rest: AES-256-GCM under the configured key. Each value carries the id of the key that sealed
 * it, so a new key can be introduced while rows sealed with the previous one still open; and it is bound
 * to where it is stored (the row and field, as associated data), so a sealed value copied into another row
 * does not open there.
 */
export interface TokenCipher {
  seal(plain: string, context: string): string;
  /** The plain value; throws TokenSealError when no configured key opens it or it was tampered with. */
  open(sealed: string, context: string): string;
}

export class TokenSealError extends Error {
  constructor(reason: string) {
    super(`stored token cannot be opened: ${reason}`);
    this.name = 'TokenSealError';
  }
}

const prefix = 'enc1';

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function createTokenCipher(current: Buffer, previous?: Buffer): TokenCipher {
  if (current.length !== 32 || (previous && previous.length !== 32)) throw new Error('token keys must be 32 bytes');
  const keys = new Map<string, Buffer>([[keyId(current), current]]);
  if (previous) keys.set(keyId(previous), previous);
  const currentId = keyId(current);
  return {
    seal(plain, context) {
      if (plain === '') return '';
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [prefix, currentId, iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
    },
    open(sealed, context) {
      if (sealed === '') return '';
      const [tag0, id, iv, data, tag] = sealed.split(':');
      if (tag0 !== prefix || !id || !iv || !data || !tag) throw new TokenSealError('not a sealed value');
      const key = keys.get(id);
      if (!key) throw new TokenSealError('sealed with a key that is not configured');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenSealError('authentication failed');
      }
    },
  };
}
