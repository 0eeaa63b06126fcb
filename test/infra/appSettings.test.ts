import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientSecretName, generatedSecrets } from '../../local/azure/keyVaultSecrets';
import { projectRoot } from '../../local/projectRoot';
import { maxActionPostBytes } from '../../placementHandler/placementHandler';
import { loadConfig, secretSettingNames, settingNames } from '../../shared/config';

// No Bicep compiler runs here, so this reads infra/modules/functionApp.bicep as text: its `var appSettings`
// block, one `NAME: expression` per line, is what the function app gets.

const infra = join(projectRoot(), 'infra');
const functionApp = readFileSync(join(infra, 'modules', 'functionApp.bicep'), 'utf8');

/** Settings Flex Consumption rejects or ignores (the list `az functionapp flex-migration` leaves behind). */
const rejectedByFlexConsumption = [
  'FUNCTIONS_EXTENSION_VERSION',
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_WORKER_RUNTIME_VERSION',
  'FUNCTIONS_MAX_HTTP_CONCURRENCY',
  'FUNCTIONS_WORKER_PROCESS_COUNT',
  'FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'ENABLE_ORYX_BUILD',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'WEBSITE_CONTENTOVERVNET',
  'WEBSITE_CONTENTSHARE',
  'WEBSITE_DNS_SERVER',
  'WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_SKIP_CONTENTSHARE_VALIDATION',
  'WEBSITE_VNET_ROUTE_ALL',
];

/**
 * Settings the platform reads rather than the app: the Functions host's storage, Application Insights, and the
 * host's own limit on request bodies (an app setting on Flex Consumption too: not among the settings it drops).
 */
const platformSettings = ['AzureWebJobsStorage__blobServiceUri', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT'];

/** What the module's parameters and properties look like once deployed. */
const samples: Record<string, string> = {
  storageBlobEndpoint: 'https://stkbexample.blob.core.windows.net/',
  storageTableEndpoint: 'https://stkbexample.table.core.windows.net/',
  identityClientId: '6b7c2a4e-0d1f-4e8a-9c3b-2f5e7a9d1c04',
  applicationInsightsConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  bitrix24ClientId: 'local.0123456789abcd.00000000',
  keyVaultUri: 'https://kv-kb-example.vault.azure.net/',
  'app.properties.defaultHostName': 'func-kb-example.azurewebsites.net',
};

const keyVaultReference = /^@Microsoft\.KeyVault\(SecretUri=https:\/\/kv-kb-example\.vault\.azure\.net\/secrets\/([a-z0-9-]+)\)$/;

function appSettings(): Map<string, string> {
  const block = /^var appSettings = \{\n([\s\S]*?)\n\}$/m.exec(functionApp)?.[1];
  if (!block) throw new Error('functionApp.bicep has no `var appSettings = { ... }` block');
  const settings = new Map<string, string>();
  for (const line of block.split('\n').map((text) => text.trim())) {
    if (!line || line.startsWith('//')) continue;
    const [, name, expression] = /^([A-Za-z_][A-Za-z0-9_]*): (.+)$/.exec(line) ?? [];
    if (!name || !expression) throw new Error(`appSettings: cannot read "${line}"`);
    settings.set(name, expression);
  }
  return settings;
}

function sample(expression: string): string {
  const value = samples[expression];
  if (value === undefined) throw new Error(`no sample for the Bicep expression ${expression}: add one to this test`);
  return value;
}

/** A setting's value as the app sees it: a literal, a string with interpolations, or a parameter. */
function evaluate(expression: string): string {
  const literal = /^'(.*)'$/.exec(expression)?.[1];
  return literal === undefined ? sample(expression) : literal.replace(/\$\{([^}]+)\}/g, (_, inner: string) => sample(inner));
}

/** What App Service puts in place of a Key Vault reference: the secret the deployment made. */
function resolveSecrets(settings: Map<string, string>): Record<string, string> {
  const made = new Map<string, string>();
  const resolved: Record<string, string> = {};
  for (const [name, expression] of settings) {
    const value = evaluate(expression);
    const secret = keyVaultReference.exec(value)?.[1];
    if (secret === undefined) {
      resolved[name] = value;
    } else if (secret === clientSecretName) {
      resolved[name] = 'the-bitrix24-application-key';
    } else {
      const generated = generatedSecrets.find((candidate) => candidate.name === secret);
      if (!generated) throw new Error(`${name} refers to the Key Vault secret ${secret}, which nothing creates`);
      made.set(secret, made.get(secret) ?? ('generate' in generated ? generated.generate() : made.get(generated.copyOf) ?? ''));
      resolved[name] = made.get(secret)!;
    }
  }
  return resolved;
}

describe("the function app's settings in infra/", () => {
  const settings = appSettings();

  it('are the ones the function app gets', () => {
    expect(functionApp).toMatch(/resource \w+ 'Microsoft\.Web\/sites\/config@[\d-]+' = \{\n\s+parent: app\n\s+name: 'appsettings'\n\s+properties: appSettings\n\}/);
    expect(functionApp).not.toMatch(/\bappSettings:/); // no second list in siteConfig
  });

  it('include everything the app requires, in a shape its configuration accepts', () => {
    const config = loadConfig(resolveSecrets(settings));

    expect(config.storage).toEqual({ kind: 'managedIdentity', tableServiceUrl: 'https://stkbexample.table.core.windows.net', clientId: samples.identityClientId });
    expect(config.publicBaseUrl).toBe('https://func-kb-example.azurewebsites.net');
    expect([...config.oauthUrls].sort()).toEqual(['https://oauth.bitrix.info/', 'https://oauth.bitrix24.tech/']); // both regions
  });

  it('keep every secret in Key Vault: a reference without a version to a secret the deployment creates', () => {
    const secrets = [...settings.keys()].filter((name) => secretSettingNames.includes(name as (typeof secretSettingNames)[number]));
    expect(secrets.sort()).toEqual(['BITRIX24_CLIENT_SECRET', 'SESSION_SECRET', 'TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_KEY_PREVIOUS']);
    for (const name of secrets) expect(evaluate(settings.get(name)!)).toMatch(keyVaultReference);
    expect(readFileSync(join(infra, 'modules', 'keyVault.bicep'), 'utf8')).toContain(`name: '${clientSecretName}'`);
  });

  it('contain nothing Flex Consumption rejects, and only names the app or the platform reads', () => {
    const names = [...settings.keys()];
    expect(names.filter((name) => rejectedByFlexConsumption.includes(name))).toEqual([]);
    expect(names.filter((name) => !(settingNames as readonly string[]).includes(name) && !platformSettings.includes(name))).toEqual([]);
  });

  it('have the Functions host refuse bodies far larger than any function reads (about 1 MB instead of its 100 MB)', () => {
    const limit = Number(evaluate(settings.get('FUNCTIONS_REQUEST_BODY_SIZE_LIMIT') ?? "''"));
    expect(limit).toBeGreaterThanOrEqual(maxActionPostBytes);
    expect(limit).toBeLessThanOrEqual(1024 * 1024);
  });

  it('need no storage key: none is read or set anywhere in infra/, and the account refuses shared keys', () => {
    const bicepFiles = readdirSync(infra, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.bicep'));
    const text = bicepFiles.map((file) => readFileSync(join(infra, file), 'utf8')).join('\n');
    expect(text).not.toMatch(/listKeys\(|AccountKey|connectionString\(/i);
    expect(settings.has('AzureWebJobsStorage')).toBe(false);
    expect(readFileSync(join(infra, 'modules', 'storage.bicep'), 'utf8')).toMatch(/allowSharedKeyAccess: false/);
  });
});
