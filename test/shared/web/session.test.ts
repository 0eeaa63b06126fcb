import { signSession, verifySession, type Session } from '../../../shared/web/session';

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
});
