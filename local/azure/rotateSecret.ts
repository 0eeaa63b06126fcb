/**
 * `npm run azure:rotate -- token-encryption-key` (or `session-secret`), for the current azd environment: a new value in Key Vault,
 * the token key's current value kept as the previous key, and the app re-reading its references at once.
 */
import { azdSession } from './azdSession';
import { refreshKeyVaultReferences } from './keyVaultReferences';
import { rotateSecret, type RotatableSecret } from './keyVaultSecrets';

const rotatable: RotatableSecret[] = ['token-encryption-key', 'session-secret'];

async function main(): Promise<void> {
  const name = process.argv[2] as RotatableSecret;
  if (!rotatable.includes(name)) throw new Error(`Usage: npm run azure:rotate -- ${rotatable.join('|')}`);
  const { vault, site } = azdSession();
  console.log(`Rotating ${name} in ${new URL(vault.vaultUrl).host}:`);
  await rotateSecret(vault, name);
  console.log("The app re-reads its Key Vault references; waiting until App Service resolved them:");
  await refreshKeyVaultReferences(site);
  console.log('  every Key Vault reference of the app is resolved.');
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? String(error));
  process.exit(1);
});
