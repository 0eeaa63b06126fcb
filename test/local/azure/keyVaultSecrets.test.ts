import { ensureKeyVaultSecrets, rotateSecret, type KeyVaultAccess } from '../../../local/azure/keyVaultSecrets';
import { startKeyVaultStandIn, type KeyVaultStandIn } from '../../support/keyVaultStandIn';

/** What azd's postprovision hook does to the deployment's Key Vault, against a stand-in speaking its API. */
describe('the generated secrets in Key Vault', () => {
  let vault: KeyVaultStandIn;
  let access: KeyVaultAccess;
  let lines: string[];

  beforeEach(async () => {
    vault = await startKeyVaultStandIn();
    lines = [];
    access = { vaultUrl: vault.url, token: async () => vault.token, retry: { attempts: 3, delayMs: 10 }, log: (line) => lines.push(line) };
  });

  afterEach(() => vault.close());

  it('are made on the first provision: a session secret and a 32-byte token key, the previous key equal to it', async () => {
    expect(await ensureKeyVaultSecrets(access)).toEqual({ 'session-secret': 'created', 'token-encryption-key': 'created', 'token-encryption-key-previous': 'created' });

    expect(vault.secrets.get('session-secret')).toMatch(/^[0-9a-f]{64}$/);
    const key = vault.secrets.get('token-encryption-key') ?? '';
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(vault.secrets.get('token-encryption-key-previous')).toBe(key);
    expect(lines.join('\n')).not.toContain(key);
  });

  it('are never replaced by a later provision, so a rotated key stays rotated; no value is read to learn that', async () => {
    vault.secrets.set('session-secret', 's'.repeat(64));
    vault.secrets.set('token-encryption-key', Buffer.alloc(32, 2).toString('base64'));
    vault.secrets.set('token-encryption-key-previous', Buffer.alloc(32, 1).toString('base64'));

    expect(await ensureKeyVaultSecrets(access)).toEqual({ 'session-secret': 'kept', 'token-encryption-key': 'kept', 'token-encryption-key-previous': 'kept' });

    expect(vault.requests).toEqual(['GET session-secret/versions', 'GET token-encryption-key/versions', 'GET token-encryption-key-previous/versions']);
    expect(vault.secrets.get('token-encryption-key-previous')).toBe(Buffer.alloc(32, 1).toString('base64'));
  });

  it('make a missing previous key equal to the current one, reading only that value', async () => {
    vault.secrets.set('session-secret', 's'.repeat(64));
    vault.secrets.set('token-encryption-key', Buffer.alloc(32, 2).toString('base64'));

    expect(await ensureKeyVaultSecrets(access)).toEqual({ 'session-secret': 'kept', 'token-encryption-key': 'kept', 'token-encryption-key-previous': 'created' });

    expect(vault.secrets.get('token-encryption-key-previous')).toBe(Buffer.alloc(32, 2).toString('base64'));
    expect(vault.requests.filter((request) => !request.endsWith('/versions'))).toEqual(['GET token-encryption-key', 'PUT token-encryption-key-previous']);
  });

  it("wait while the deployer's new role assignment is not in effect yet (403 ForbiddenByRbac), then write", async () => {
    vault.forbidNext(2);

    await ensureKeyVaultSecrets(access);

    expect(vault.secrets.size).toBe(3);
    expect(lines.filter((line) => line.includes('ForbiddenByRbac'))).toHaveLength(2);
  });

  it('stop with the secret, the error code and the role to ask for when access stays refused', async () => {
    vault.forbidNext(100);

    await expect(ensureKeyVaultSecrets(access)).rejects.toThrow(
      /^Key Vault GET session-secret failed: 403 ForbiddenByRbac\. The account signed in to azd needs "Key Vault Secrets Officer" on 127\.0\.0\.1:\d+\. azd provision grants it/,
    );
    expect(vault.requests).toHaveLength(3); // the attempts access.retry allows
    expect(vault.secrets.size).toBe(0);
  });

  it('stop at once on a refusal that waiting does not mend, saying what it is', async () => {
    vault.forbidNext(100, 'ForbiddenByFirewall');

    await expect(ensureKeyVaultSecrets(access)).rejects.toThrow(/403 ForbiddenByFirewall\. The vault's network rules refuse this machine/);
    expect(vault.requests).toHaveLength(1);
  });

  it('are refused at once where no role is being granted (a rotation without the role)', async () => {
    vault.forbidNext(100);

    await expect(rotateSecret({ ...access, retry: undefined }, 'session-secret')).rejects.toThrow(/403 ForbiddenByRbac\. .*Key Vault Secrets Officer/);
    expect(vault.requests).toHaveLength(1);
  });

  it('rotate the token key by keeping the current one as the previous key, so sealed rows still open', async () => {
    await ensureKeyVaultSecrets(access);
    const before = vault.secrets.get('token-encryption-key');

    await rotateSecret(access, 'token-encryption-key');

    expect(vault.secrets.get('token-encryption-key-previous')).toBe(before);
    const after = vault.secrets.get('token-encryption-key') ?? '';
    expect(after).not.toBe(before);
    expect(Buffer.from(after, 'base64')).toHaveLength(32);
  });

  it('rotate the session secret alone', async () => {
    await ensureKeyVaultSecrets(access);
    const key = vault.secrets.get('token-encryption-key');
    const session = vault.secrets.get('session-secret');

    await rotateSecret(access, 'session-secret');

    expect(vault.secrets.get('session-secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(vault.secrets.get('session-secret')).not.toBe(session);
    expect(vault.secrets.get('token-encryption-key')).toBe(key);
  });
});
