/**
 * `npm run azure:secrets`, azd's postprovision hook (azure.yaml): makes the session secret and the token
 * encryption key in the deployment's Key Vault if they are not there yet, then has the app re-read its Key
 * Vault references. It acts as the signed-in azd user, whom infra/ makes "Key Vault Secrets Officer" of that
 * vault; the values go from this process straight to the vault and are never printed or stored elsewhere.
 */
import { azdSession } from './azdSession';
import { refreshKeyVaultReferences } from './keyVaultReferences';
import { ensureKeyVaultSecrets } from './keyVaultSecrets';

async function main(): Promise<void> {
  const { vault, site } = azdSession();
  console.log(`Secrets in ${new URL(vault.vaultUrl).host}:`);
  await ensureKeyVaultSecrets(vault);
  await refreshKeyVaultReferences(site);
  console.log('The app re-reads its Key Vault references now.');
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? String(error));
  process.exit(1);
});
