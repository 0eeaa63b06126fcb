import { randomBytes } from 'node:crypto';

/**
 * The secrets the deployment generates instead of asking for (infra/ references them by these names). The
 * session secret and the token key are made here once, from Node's CSPRNG, and never again: a later
 * `azd provision` keeps whatever the vault holds, so a rotated key stays rotated and sealed tokens stay
 * readable. The previous token key starts out equal to the current one (the app opens rows with either).
 */
export const generatedSecrets = [
  { name: 'session-secret', describe: 'SESSION_SECRET', generate: () => randomBytes(32).toString('hex') },
  { name: 'token-encryption-key', describe: 'TOKEN_ENCRYPTION_KEY', generate: () => randomBytes(32).toString('base64') },
  { name: 'token-encryption-key-previous', describe: 'TOKEN_ENCRYPTION_KEY_PREVIOUS', generate: (made: Map<string, string>) => made.get('token-encryption-key') ?? '' },
] as const;

/** The secret azd asks for and the Bicep writes (the Bitrix24 application key). */
export const clientSecretName = 'bitrix24-client-secret';

export interface KeyVaultAccess {
  /** https://<vault>.vault.azure.net/ */
  vaultUrl: string;
  /** a bearer token for https://vault.azure.net */
  token(): Promise<string>;
  /** how often and how long to wait while a fresh role assignment is not yet in effect (403) */
  retry?: { attempts: number; delayMs: number };
  log?: (line: string) => void;
}

const apiVersion = '7.4';

/** Creates each generated secret the vault does not hold yet; returns what it did per secret. */
export async function ensureKeyVaultSecrets(access: KeyVaultAccess): Promise<Record<string, 'created' | 'kept'>> {
  const log = access.log ?? (() => undefined);
  const values = new Map<string, string>();
  const outcome: Record<string, 'created' | 'kept'> = {};
  for (const secret of generatedSecrets) {
    const existing = await readSecret(access, secret.name);
    if (existing !== undefined) {
      values.set(secret.name, existing);
      outcome[secret.name] = 'kept';
    } else {
      const value = secret.generate(values);
      await writeSecret(access, secret.name, value, secret.describe);
      values.set(secret.name, value);
      outcome[secret.name] = 'created';
    }
    log(`  ${secret.name} (${secret.describe}): ${outcome[secret.name]}`);
  }
  return outcome;
}

export type RotatableSecret = 'token-encryption-key' | 'session-secret';

/**
 * A new value for a generated secret. The token key's current value first becomes the previous key, so rows
 * sealed with it still open (and are re-sealed with the new key as they are refreshed); a key two rotations
 * old is forgotten. A new session secret ends the open sidebar sessions (users reopen the sidebar).
 */
export async function rotateSecret(access: KeyVaultAccess, name: RotatableSecret): Promise<void> {
  const secret = generatedSecrets.find((candidate) => candidate.name === name)!;
  if (name === 'token-encryption-key') {
    const current = await readSecret(access, name);
    if (current === undefined) throw new Error(`Key Vault has no ${name} to rotate: run azd provision first`);
    const previous = generatedSecrets.find((candidate) => candidate.name === 'token-encryption-key-previous')!;
    await writeSecret(access, previous.name, current, previous.describe);
    access.log?.(`  ${previous.name} (${previous.describe}): now the key that was current`);
  }
  await writeSecret(access, name, secret.generate(new Map()), secret.describe);
  access.log?.(`  ${name} (${secret.describe}): new value`);
}

async function readSecret(access: KeyVaultAccess, name: string): Promise<string | undefined> {
  const response = await vaultCall(access, 'GET', name);
  if (response.status === 404) return undefined;
  return ((await response.json()) as { value: string }).value;
}

async function writeSecret(access: KeyVaultAccess, name: string, value: string, describe: string): Promise<void> {
  await vaultCall(access, 'PUT', name, { value, contentType: `${describe}, generated for this deployment (README: Rotating secrets)` });
}

/**
 * One Key Vault request. A 403 right after `azd provision` usually means the deployer's new "Key Vault Secrets
 * Officer" assignment is not in effect yet (it can take minutes): wait and try again, bounded.
 */
async function vaultCall(access: KeyVaultAccess, method: 'GET' | 'PUT', name: string, body?: unknown): Promise<Response> {
  const { attempts, delayMs } = access.retry ?? { attempts: 30, delayMs: 10_000 };
  const url = new URL(`secrets/${encodeURIComponent(name)}?api-version=${apiVersion}`, access.vaultUrl.endsWith('/') ? access.vaultUrl : `${access.vaultUrl}/`);
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${await access.token()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    if (response.ok || (method === 'GET' && response.status === 404)) return response;
    const code = await errorCode(response);
    if (response.status === 403 && attempt < attempts) {
      access.log?.(`  ${name}: Key Vault says ${code} (403); the role assignment may still be propagating, retrying`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      continue;
    }
    const hint = code === 'ObjectIsDeletedButRecoverable' ? ' (recover or purge the deleted secret first)' : '';
    throw new Error(`Key Vault ${method} ${name} failed: ${response.status} ${code}${hint}`);
  }
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: unknown; innererror?: { code?: unknown } } };
  const code = body.error?.innererror?.code ?? body.error?.code;
  return typeof code === 'string' ? code : 'no error code';
}
