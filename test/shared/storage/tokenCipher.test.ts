import { createTokenCipher, keyId } from '../../../shared/storage/tokenCipher';

const oldKey = Buffer.alloc(32, 1);
const newKey = Buffer.alloc(32, 2);

describe('tokens at rest', () => {
  it('seals with AES-256-GCM so the stored value reveals nothing and opens again', () => {
    const cipher = createTokenCipher(newKey);
    const sealed = cipher.seal('access-token-123', 'installation|m|accessToken');
    expect(sealed).toMatch(new RegExp(`^enc1:${keyId(newKey)}:`));
    expect(sealed).not.toContain('access-token-123');
    expect(cipher.seal('access-token-123', 'installation|m|accessToken')).not.toBe(sealed); // a fresh IV each time
    expect(cipher.open(sealed, 'installation|m|accessToken')).toBe('access-token-123');
  });

  it('opens rows sealed with the previous key after a key change, and seals new ones with the new key', () => {
    const sealedBefore = createTokenCipher(oldKey).seal('refresh', 'ctx');
    const rotated = createTokenCipher(newKey, oldKey);
    expect(rotated.open(sealedBefore, 'ctx')).toBe('refresh');
    expect(rotated.seal('refresh', 'ctx')).toMatch(new RegExp(`^enc1:${keyId(newKey)}:`));
  });

  it('refuses values sealed with an unknown key, moved to another row, tampered with, or stored in plain text', () => {
    const cipher = createTokenCipher(newKey);
    const sealed = cipher.seal('secret', 'user|m|1|accessToken');
    expect(() => createTokenCipher(oldKey).open(sealed, 'user|m|1|accessToken')).toThrow(/key that is not configured/);
    expect(() => cipher.open(sealed, 'user|m|2|accessToken')).toThrow(/authentication failed/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.open(parts.join(':'), 'user|m|1|accessToken')).toThrow(/authentication failed/);
    expect(() => cipher.open('plain-token', 'user|m|1|accessToken')).toThrow(/not a sealed value/);
  });
});
