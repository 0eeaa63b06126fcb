import { loadConfig } from '../../shared/config';

const valid = {
  BITRIX24_CLIENT_ID: 'local.abc.def',
  BITRIX24_CLIENT_SECRET: 'secret-value-do-not-show',
  PUBLIC_BASE_URL: 'https://kb.example.net/',
  SESSION_SECRET: 's'.repeat(40),
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('loadConfig', () => {
  it('reads a valid configuration with defaults', () => {
    const config = loadConfig(valid);
    expect(config.publicBaseUrl).toBe('https://kb.example.net');
    expect(config.oauthUrl).toBe('https://oauth.bitrix.info/');
    expect(config.allowHttp).toBe(false);
    expect(config.bx24ScriptUrl).toBe('https://api.bitrix24.com/api/v1/');
    expect(config.port).toBe(7071);
  });

  it('names every bad key at once and shows no value', () => {
    let message = '';
    try {
      loadConfig({ ...valid, BITRIX24_CLIENT_ID: '', PUBLIC_BASE_URL: 'not a url', SESSION_SECRET: 'short-secret-value', PORT: 'x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/BITRIX24_CLIENT_ID is missing/);
    expect(message).toMatch(/PUBLIC_BASE_URL/);
    expect(message).toMatch(/SESSION_SECRET must be at least 32 characters/);
    expect(message).toMatch(/PORT/);
    expect(message).not.toMatch(/short-secret-value|not a url|secret-value-do-not-show/);
  });

  it('names missing required settings', () => {
    expect(() => loadConfig({})).toThrow(/BITRIX24_CLIENT_ID is missing.*BITRIX24_CLIENT_SECRET is missing.*PUBLIC_BASE_URL is missing.*SESSION_SECRET.*AzureWebJobsStorage is missing/);
  });

  it('refuses http URLs unless BITRIX24_ALLOW_HTTP is true', () => {
    const local = { ...valid, PUBLIC_BASE_URL: 'http://127.0.0.1:7071', BITRIX24_OAUTH_URL: 'http://127.0.0.1:9000' };
    expect(() => loadConfig(local)).toThrow(/PUBLIC_BASE_URL must use https.*BITRIX24_OAUTH_URL must use https/);
    const config = loadConfig({ ...local, BITRIX24_ALLOW_HTTP: 'true' });
    expect(config.oauthUrl).toBe('http://127.0.0.1:9000/');
    expect(config.allowHttp).toBe(true);
  });

  it('requires a 32-byte base64 token encryption key, and reads an optional previous one', () => {
    expect(() => loadConfig({ ...valid, TOKEN_ENCRYPTION_KEY: '' })).toThrow(/TOKEN_ENCRYPTION_KEY is missing/);
    expect(() => loadConfig({ ...valid, TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/TOKEN_ENCRYPTION_KEY must be 32 bytes/);
    const config = loadConfig({ ...valid, TOKEN_ENCRYPTION_KEY_PREVIOUS: Buffer.alloc(32, 2).toString('base64') });
    expect(config.tokenKey).toEqual(Buffer.alloc(32, 1));
    expect(config.previousTokenKey).toEqual(Buffer.alloc(32, 2));
  });

  it('refuses every setting App Service left as an unresolved Key Vault or App Configuration reference, however well it would pass otherwise', () => {
    const vault = 'https://kv-kb-abc123.vault.azure.net/secrets';
    const references = {
      BITRIX24_CLIENT_SECRET: `@Microsoft.KeyVault(SecretUri=${vault}/bitrix24-client-secret)`,
      SESSION_SECRET: `@Microsoft.KeyVault(SecretUri=${vault}/session-secret)`, // long enough to pass as a secret
      TOKEN_ENCRYPTION_KEY: `@microsoft.keyvault(VaultName=kv-kb-abc123;SecretName=token-encryption-key)`,
      TOKEN_ENCRYPTION_KEY_PREVIOUS: ` @MICROSOFT.KEYVAULT(SecretUri=${vault}/token-encryption-key-previous)`,
      BITRIX24_CLIENT_ID: '@Microsoft.AppConfiguration(Endpoint=https://appcs-kb.azconfig.io; Key=client-id)',
    };
    let message = '';
    try {
      loadConfig({ ...valid, ...references });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message.split('Invalid configuration: ')[1]?.split('; ').sort()).toEqual([
      'BITRIX24_CLIENT_ID is an unresolved App Configuration reference',
      'BITRIX24_CLIENT_SECRET is an unresolved Key Vault reference',
      'SESSION_SECRET is an unresolved Key Vault reference',
      'TOKEN_ENCRYPTION_KEY is an unresolved Key Vault reference',
      'TOKEN_ENCRYPTION_KEY_PREVIOUS is an unresolved Key Vault reference',
    ]);
    expect(message).not.toMatch(/vault\.azure\.net|kv-kb-abc123|azconfig/);
  });

  it('refuses an unresolved reference in any setting, not only the secrets', () => {
    expect(() => loadConfig({ ...valid, PUBLIC_BASE_URL: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/url)' })).toThrow(
      'Invalid configuration: PUBLIC_BASE_URL is an unresolved Key Vault reference',
    );
  });

  it('refuses a storage setting that is not a connection string', () => {
    expect(() => loadConfig({ ...valid, AzureWebJobsStorage: 'https://account.table.core.windows.net' })).toThrow(/AzureWebJobsStorage must be/);
  });

  describe('storage through a managed identity', () => {
    const { AzureWebJobsStorage: _connectionString, ...withoutConnectionString } = valid;
    const identity = {
      ...withoutConnectionString,
      AzureWebJobsStorage__tableServiceUri: 'https://kbstore.table.core.windows.net/',
      AzureWebJobsStorage__credential: 'managedidentity',
      AzureWebJobsStorage__clientId: '6b7c2a4e-0d1f-4e8a-9c3b-2f5e7a9d1c04',
    };

    it('reads the identity-based settings the Functions host uses', () => {
      expect(loadConfig(identity).storage).toEqual({
        kind: 'managedIdentity',
        tableServiceUrl: 'https://kbstore.table.core.windows.net',
        clientId: '6b7c2a4e-0d1f-4e8a-9c3b-2f5e7a9d1c04',
      });
    });

    it('derives the table endpoint from an account name, and uses the system-assigned identity without a client id', () => {
      const { AzureWebJobsStorage__tableServiceUri: _uri, AzureWebJobsStorage__clientId: _id, ...rest } = identity;
      expect(loadConfig({ ...rest, AzureWebJobsStorage__accountName: 'kbstore' }).storage).toEqual({
        kind: 'managedIdentity',
        tableServiceUrl: 'https://kbstore.table.core.windows.net',
        clientId: undefined,
      });
    });

    it('uses a connection string when one is set, as the Functions host does', () => {
      expect(loadConfig({ ...identity, AzureWebJobsStorage: 'UseDevelopmentStorage=true' }).storage).toEqual({
        kind: 'connectionString',
        connectionString: 'UseDevelopmentStorage=true',
      });
    });

    it('names the missing credential setting', () => {
      expect(() => loadConfig({ ...identity, AzureWebJobsStorage__credential: '' })).toThrow(/AzureWebJobsStorage__credential is missing/);
    });

    it('names every bad identity setting and shows no value', () => {
      let message = '';
      try {
        loadConfig({
          ...identity,
          AzureWebJobsStorage__tableServiceUri: 'http://kbstore.table.core.windows.net',
          AzureWebJobsStorage__credential: 'connectionstring',
          AzureWebJobsStorage__clientId: 'client-id-value',
          AzureWebJobsStorage__accountName: 'Not_An_Account',
        });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/AzureWebJobsStorage__tableServiceUri must be an https URL/);
      expect(message).toMatch(/AzureWebJobsStorage__accountName must be a storage account name/);
      expect(message).toMatch(/AzureWebJobsStorage__credential must be managedidentity/);
      expect(message).toMatch(/AzureWebJobsStorage__clientId must be the managed identity's client id/);
      expect(message).not.toMatch(/kbstore|connectionstring|client-id-value|Not_An_Account/);
    });
  });
});

describe('loadConfig: OAuth servers of every region', () => {
  it('allows BITRIX24_OAUTH_URL (the default, first) and every server BITRIX24_OAUTH_URLS lists, each once, with a trailing slash', () => {
    const config = loadConfig({ ...valid, BITRIX24_OAUTH_URLS: 'https://oauth.bitrix24.tech, https://OAUTH.bitrix.info/ ,,https://oauth.example/region/' });
    expect(config.oauthUrl).toBe('https://oauth.bitrix.info/');
    expect(config.oauthUrls).toEqual(['https://oauth.bitrix.info/', 'https://oauth.bitrix24.tech/', 'https://oauth.example/region/']);
    expect(loadConfig(valid).oauthUrls).toEqual(['https://oauth.bitrix.info/']);
  });

  it('refuses a list entry that is not an https URL, naming the setting and not the value', () => {
    expect(() => loadConfig({ ...valid, BITRIX24_OAUTH_URLS: 'https://oauth.bitrix24.tech/,not a url' })).toThrow(/BITRIX24_OAUTH_URLS must be comma-separated http\(s\) URLs/);
    expect(() => loadConfig({ ...valid, BITRIX24_OAUTH_URLS: 'http://127.0.0.1:9000/' })).toThrow(/BITRIX24_OAUTH_URLS must use https/);
    expect(loadConfig({ ...valid, BITRIX24_OAUTH_URLS: 'http://127.0.0.1:9000', BITRIX24_ALLOW_HTTP: 'true' }).oauthUrls).toContain('http://127.0.0.1:9000/');
  });
});
