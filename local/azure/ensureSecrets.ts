/**
 * `npm run azure:secrets`, azd's postprovision hook (azure.yaml): makes the session secret and the token
 * encryption key in the deployment's Key Vault if they are not there yet, then has the app re-read its Key
 * Vault references and waits until App Service resolved every one. It acts as the signed-in azd user, whom
 * infra/ makes "Key Vault Secrets Officer" of that vault (a role that may take minutes to apply after the
 * first provision, so a refusal is tried again meanwhile); the values go from this process straight to the
 * vault and are never printed or stored elsewhere.
 */
import { azdSession } from './azdSession';
import { refreshKeyVaultReferences } from './keyVaultReferences';
import { ensureKeyVaultSecrets, roleMayBePropagating } from './keyVaultSecrets';

async function main(): Promise<void> {
  const { vault, site } = azdSession();
  console.log(`Secrets in ${new URL(vault.vaultUrl).host}:`);
  await ensureKeyVaultSecrets({ ...vault, retry: roleMayBePropagating });
  console.log("The app re-reads its Key Vault references; waiting until App Service resolved them (up to 10 minutes):");
  await refreshKeyVaultReferences(site);
  console.log('  every Key Vault reference of the app is resolved.');
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? String(error));
  process.exit(1);
});
