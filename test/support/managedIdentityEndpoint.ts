import { randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ManagedIdentityEndpoint {
  /** what the platform puts in IDENTITY_ENDPOINT */
  url: string;
  /** what the platform puts in IDENTITY_HEADER: the secret a caller must send back */
  header: string;
  /** the user-assigned identity this endpoint issues tokens for */
  clientId: string;
  /** the token requests it answered with a token, oldest first */
  issued: { resource: string; audience: string }[];
  close(): Promise<void>;
}

export interface ManagedIdentityEndpointOptions {
  clientId: string;
  /** signs the JWTs (ES256) */
  signingKey: KeyObject;
  /** the audience the tokens are for; default: the resource asked for (a misconfigured identity gets another) */
  audience?: string;
  tokenTtlSeconds?: number;
}

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/**
 * App Service's managed-identity endpoint, on 127.0.0.1: `GET <IDENTITY_ENDPOINT>?api-version=2019-08-01&
 * resource=<uri>&client_id=<id>` with the `X-IDENTITY-HEADER` secret answers `{access_token, expires_on,
 * resource, token_type}`. The access token is a JWT issued by an Entra ID (sts.windows.net) tenant for the
 * requested resource, which is what Azurite's `--oauth basic` checks.
 */
export async function startManagedIdentityEndpoint(options: ManagedIdentityEndpointOptions): Promise<ManagedIdentityEndpoint> {
  const header = randomBytes(16).toString('hex');
  const issued: ManagedIdentityEndpoint['issued'] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== '/msi/token') return answer(response, 404, { error: 'not_found' });
    if (request.headers['x-identity-header'] !== header) return answer(response, 401, { statusCode: 401, message: 'Unauthorized request' });
    const resource = url.searchParams.get('resource');
    if (url.searchParams.get('api-version') !== '2019-08-01' || !resource) {
      return answer(response, 400, { statusCode: 400, message: 'api-version 2019-08-01 and resource are required' });
    }
    if (url.searchParams.get('client_id') !== options.clientId) {
      return answer(response, 400, { statusCode: 400, message: 'Unable to load the proper Managed Identity.' });
    }
    const audience = options.audience ?? resource;
    const expiresOn = Math.floor(Date.now() / 1000) + (options.tokenTtlSeconds ?? 3600);
    issued.push({ resource, audience });
    return answer(response, 200, {
      access_token: jwt(options, audience, expiresOn),
      expires_on: String(expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: options.clientId,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/msi/token`,
    header,
    clientId: options.clientId,
    issued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function jwt(options: ManagedIdentityEndpointOptions, audience: string, expiresOn: number): string {
  const now = Math.floor(Date.now() / 1000);
  const objectId = randomUUID();
  const header = { alg: 'ES256', typ: 'JWT' };
  const claims = {
    aud: audience,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now - 5,
    exp: expiresOn,
    appid: options.clientId,
    idtyp: 'app',
    oid: objectId,
    sub: objectId,
    tid: tenantId,
  };
  const signed = `${base64url(header)}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(signed), { key: options.signingKey, dsaEncoding: 'ieee-p1363' });
  return `${signed}.${signature.toString('base64url')}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
