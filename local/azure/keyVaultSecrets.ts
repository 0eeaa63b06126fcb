import { randomBytes } from 'node:crypto';

/** A secret the deployment makes itself: from Node's CSPRNG, or as a copy of another one. */
export type GeneratedSecret = { name: string; describe: string } & ({ generate: () => string } | { copyOf: string });

/**
 * The secrets the deployment generates instead of asking for (infra/ references them by these names). The
 * session secret and the token key are made here once, from Node's CSPRNG, and never again: a later
 * `azd provision` keeps whatever the vault holds, so a rotated key stays rotated and sealed tokens stay
 * readable. The previous token key starts out equal to the current one (the app opens rows with either).
 */
export const generatedSecrets: readonly GeneratedSecret[] = [
  { name: 'session-secret', describe: 'SESSION_SECRET', generate: () => randomBytes(32).toString('hex') },
  { name: 'token-encryption-key', describe: 'TOKEN_ENCRYPTION_KEY', generate: () => randomBytes(32).toString('base64') },
  { name: 'token-encryption-key-previous', describe: 'TOKEN_ENCRYPTION_KEY_PREVIOUS', copyOf: 'token-encryption-key' },
];

/** The secret azd asks for and the Bicep writes (the Bitrix24 application key). */
export const clientSecretName = 'bitrix24-client-secret';

export interface KeyVaultAccess {
  /** https://<vault>.vault.azure.net/ */
  vaultUrl: string;
  /** a bearer token for https://vault.azure.net */
  token(): Promise<string>;
  /**
   * Where a role assignment may still be propagating (right after `azd provision` made it): how often and how
   * long to try again while Key Vault answers 403 ForbiddenByRbac. Without it, the first refusal is final.
   */
  retry?: { attempts: number; delayMs: number };
  log?: (line: string) => void;
}

/** Right after a provision: Azure RBAC changes usually apply within minutes. */
export const roleMayBePropagating = { attempts: 30, delayMs: 10_000 };

const apiVersion = '7.4';

/** Creates each generated secret the vault does not hold yet; returns what it did per secret. */
export async function ensureKeyVaultSecrets(access: KeyVaultAccess): Promise<Record<string, 'created' | 'kept'>> {
  const log = access.log ?? (() => undefined);
  const made = new Map<string, string>();
  const outcome: Record<string, 'created' | 'kept'> = {};
  for (const secret of generatedSecrets) {
    if (await secretExists(access, secret.name)) {
      outcome[secret.name] = 'kept';
    } else {
      const value = 'generate' in secret ? secret.generate() : (made.get(secret.copyOf) ?? (await readSecret(access, secret.copyOf)));
      await writeSecret(access, secret.name, value, secret.describe);
      made.set(secret.name, value);
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
  if (!('generate' in secret)) throw new Error(`${name} is not generated`);
  const copy = generatedSecrets.find((candidate) => 'copyOf' in candidate && candidate.copyOf === name);
  if (copy) {
    const current = await readSecret(access, name);
    await writeSecret(access, copy.name, current, copy.describe);
    access.log?.(`  ${copy.name} (${copy.describe}): now the key that was current`);
  }
  await writeSecret(access, name, secret.generate(), secret.describe);
  access.log?.(`  ${name} (${secret.describe}): new value`);
}

/** Whether the vault holds the secret, from its versions' metadata: no value leaves the vault for this. */
async function secretExists(access: KeyVaultAccess, name: string): Promise<boolean> {
  const response = await vaultCall(access, 'GET', name, { versions: true });
  if (response.status === 404) return false;
  return (((await response.json()) as { value?: unknown[] }).value ?? []).length > 0;
}

async function readSecret(access: KeyVaultAccess, name: string): Promise<string> {
  const response = await vaultCall(access, 'GET', name);
  if (response.status === 404) throw new Error(`Key Vault has no ${name}: run azd provision first`);
  return ((await response.json()) as { value: string }).value;
}

async function writeSecret(access: KeyVaultAccess, name: string, value: string, describe: string): Promise<void> {
  await vaultCall(access, 'PUT', name, { body: { value, contentType: `${describe}, generated for this deployment (README: Rotating secrets)` } });
}

/**
 * One Key Vault request: a secret, or the first page of its versions (metadata only). A GET may answer 404 (the
 * caller decides what that means). A 403 ForbiddenByRbac is
 * tried again only where `access.retry` says a role assignment may still be propagating; every other refusal
 * is final at once, with what to do about it.
 */
async function vaultCall(access: KeyVaultAccess, method: 'GET' | 'PUT', name: string, { versions = false, body }: { versions?: boolean; body?: unknown } = {}): Promise<Response> {
  const { attempts, delayMs } = access.retry ?? { attempts: 1, delayMs: 0 };
  const path = `secrets/${encodeURIComponent(name)}${versions ? '/versions' : ''}?api-version=${apiVersion}${versions ? '&maxresults=1' : ''}`;
  const url = new URL(path, access.vaultUrl.endsWith('/') ? access.vaultUrl : `${access.vaultUrl}/`);
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${await access.token()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    if (response.ok || (method === 'GET' && response.status === 404)) return response;
    const code = await errorCode(response);
    if (response.status === 403 && code === 'ForbiddenByRbac' && attempt < attempts) {
      access.log?.(`  ${name}: Key Vault says ${code} (403); your new role assignment may still be propagating, retrying`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      continue;
    }
    throw new Error(`Key Vault ${method} ${name} failed: ${response.status} ${code}${hint(response.status, code, new URL(access.vaultUrl).host, attempts > 1)}`);
  }
}

/** What a refusal means for the person running the script. */
function hint(status: number, code: string, vault: string, waited: boolean): string {
  if (code === 'ForbiddenByRbac') {
    return (
      `. The account signed in to azd needs "Key Vault Secrets Officer" on ${vault}. azd provision grants it to whoever runs it` +
      (waited ? '; if you just ran it, wait a few minutes and run npm run azure:secrets again' : '') +
      '; otherwise ask an Owner (or User Access Administrator) of the resource group to assign it to you'
    );
  }
  if (code === 'ForbiddenByFirewall' || code === 'ForbiddenByConnection') return `. The vault's network rules refuse this machine: allow its address in ${vault} → Networking, or run from an allowed network`;
  if (code === 'ForbiddenByPolicy') return '. The vault uses access policies, not Azure RBAC: infra/ creates it with enableRbacAuthorization, so this is not the vault azd provisioned';
  if (code === 'ObjectIsDeletedButRecoverable') return ' (recover or purge the deleted secret first)';
  if (status === 401) return '. Sign in again: azd auth login';
  return '';
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: unknown; innererror?: { code?: unknown } } };
  const code = body.error?.innererror?.code ?? body.error?.code;
  return typeof code === 'string' ? code : 'no error code';
}
