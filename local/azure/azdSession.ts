import { execFileSync } from 'node:child_process';
import { AzureDeveloperCliCredential } from '@azure/identity';
import type { KeyVaultAccess } from './keyVaultSecrets';
import type { SiteAccess } from './keyVaultReferences';

/** azd sets AZURE_SUBSCRIPTION_ID itself; the others are infra/main.bicep outputs. */
export const neededEnvironmentValues = ['AZURE_KEY_VAULT_ENDPOINT', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME'];

/**
 * What a script run for an azd environment needs to reach the deployment: the environment's values
 * (infra/main.bicep outputs; azd passes them to hooks, otherwise `azd env get-values` gives them) and tokens
 * of the signed-in azd user (`azd auth token`), one per audience for the whole run.
 */
export function azdSession(given: NodeJS.ProcessEnv = process.env): { vault: KeyVaultAccess; site: SiteAccess } {
  const env = neededEnvironmentValues.every((name) => given[name]) ? given : { ...azdEnvironmentValues(), ...given };
  const missing = neededEnvironmentValues.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set in the azd environment: run azd provision first`);
  const credential = new AzureDeveloperCliCredential({ tenantId: env.AZURE_TENANT_ID || undefined });
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (scope: string) => () => {
    let token = tokens.get(scope);
    if (!token) {
      token = credential.getToken(scope).then((issued) => issued.token);
      tokens.set(scope, token);
    }
    return token;
  };
  const log = (line: string) => console.log(line);
  return {
    vault: { vaultUrl: env.AZURE_KEY_VAULT_ENDPOINT!, token: tokenFor('https://vault.azure.net/.default'), log },
    site: {
      siteId: `/subscriptions/${env.AZURE_SUBSCRIPTION_ID}/resourceGroups/${env.AZURE_RESOURCE_GROUP}/providers/Microsoft.Web/sites/${env.AZURE_FUNCTION_APP_NAME}`,
      token: tokenFor('https://management.azure.com/.default'),
      log,
    },
  };
}

function azdEnvironmentValues(): Record<string, string> {
  try {
    return JSON.parse(execFileSync('azd', ['env', 'get-values', '--output', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Record<string, string>;
  } catch (error) {
    throw new Error(`azd env get-values failed (is azd installed, and this the project folder?): ${(error as Error).message}`);
  }
}
