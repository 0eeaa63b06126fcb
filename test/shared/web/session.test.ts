import { clipName, maxChatNameUnits, maxSessionTokenLength, maxUserNameUnits, signSession, verifySession, type Session } from '../../../shared/web/session';

const secret = 'k'.repeat(48);
const session: Session = {
  memberId: 'a'.repeat(32),
  userId: '1',
  userName: 'Anna Schmidt',
  dialogId: 'chat2',
  chatId: 2,
  chatName: 'General chat',
  chatKind: 'open',
  memberCount: 2,
  canModerate: true,
  isAdmin: false,
  lang: 'en',
  installId: 'install-1',
  checkedAt: 1_000_000,
  expiresAt: 2000,
};

describe('sidebar sessions', () => {
  it('verifies a session signed with the same secret before it expires', () => {
    expect(verifySession(secret, signSession(secret, session), 1999)).toEqual(session);
  });

  it('refuses expired, forged, re-signed and malformed sessions', () => {
    const token = signSession(secret, session);
    expect(verifySession(secret, token, 2000)).toBeNull();
    expect(verifySession('other'.repeat(10), token, 1000)).toBeNull();
    const [, signature] = token.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...session, userId: '2' })).toString('base64url');
    expect(verifySession(secret, `${elevated}.${signature}`, 1000)).toBeNull();
    for (const bad of [undefined, '', 'abc', 'a.b.c', `${token}x`, 42]) expect(verifySession(secret, bad, 1000)).toBeNull();
  });

  it('carries the longest names a chat and a user can have, and accepts what it signs whatever they hold', () => {
    const worst = ['\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', '€', '"', '\\', '\u0000', '\ud800', '\u2028'];
    for (const unit of worst) {
      const long = { ...session, chatName: unit.repeat(maxChatNameUnits + 1), userName: unit.repeat(maxUserNameUnits + 1) };
      const token = signSession(secret, long);
      expect(token.length).toBeLessThanOrEqual(maxSessionTokenLength);
      const verified = verifySession(secret, token, 1999);
      expect(verified?.chatName.length).toBeLessThanOrEqual(maxChatNameUnits);
      expect(verified?.userName.length).toBeLessThanOrEqual(maxUserNameUnits);
    }
  });

  it('cuts names without splitting a character, and cleans control characters and lone surrogates', () => {
    expect(clipName('\u{1F600}'.repeat(10), 6)).toBe('\u{1F600}\u{1F600}…');
    expect(clipName('a\u0000b\nc\ud800', 50)).toBe('a b c\ufffd');
    expect(clipName('short', 50)).toBe('short');
  });
});
