import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KeyVaultStandIn {
  /** like https://<vault>.vault.azure.net/ */
  url: string;
  token: string;
  /** the latest version of each secret */
  secrets: Map<string, string>;
  /** every request, as `METHOD name` (`METHOD name/versions` for a listing of versions) */
  requests: string[];
  /** the next `count` requests are refused with 403 and `code` (default ForbiddenByRbac) */
  forbidNext(count: number, code?: string): void;
  close(): Promise<void>;
}

/**
 * Key Vault's secrets API on 127.0.0.1, as much as the deployment hook uses: `GET|PUT /secrets/<name>
 * ?api-version=7.4` with a bearer token, and `GET /secrets/<name>/versions` (metadata, no values); 404
 * SecretNotFound for a secret it does not hold.
 */
export async function startKeyVaultStandIn(): Promise<KeyVaultStandIn> {
  const token = 'vault-token';
  const secrets = new Map<string, string>();
  const requests: string[] = [];
  let forbidden = { count: 0, code: 'ForbiddenByRbac' };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [, encoded = '', versions] = /^\/secrets\/([^/]+)(\/versions)?\/?$/.exec(url.pathname) ?? [];
    const name = decodeURIComponent(encoded);
    requests.push(`${request.method} ${name}${versions ?? ''}`);
    if (request.headers.authorization !== `Bearer ${token}`) return answer(response, 401, { error: { code: 'Unauthorized' } });
    if (forbidden.count > 0) {
      forbidden.count--;
      return answer(response, 403, { error: { code: 'Forbidden', innererror: { code: forbidden.code } } });
    }
    if (!name || url.searchParams.get('api-version') !== '7.4') return answer(response, 400, { error: { code: 'BadParameter' } });
    if (versions) {
      if (request.method !== 'GET') return answer(response, 405, { error: { code: 'MethodNotAllowed' } });
      if (!secrets.has(name)) return answer(response, 404, { error: { code: 'SecretNotFound' } });
      return answer(response, 200, { value: [{ id: `${url.origin}/secrets/${name}/2`, attributes: { enabled: true } }], nextLink: null });
    }
    if (request.method === 'GET') {
      const value = secrets.get(name);
      return value === undefined ? answer(response, 404, { error: { code: 'SecretNotFound' } }) : answer(response, 200, { value, id: `${url.origin}/secrets/${name}/1` });
    }
    if (request.method !== 'PUT') return answer(response, 405, { error: { code: 'MethodNotAllowed' } });
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const { value } = JSON.parse(body) as { value: string };
      secrets.set(name, value);
      answer(response, 200, { value, id: `${url.origin}/secrets/${name}/2` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    secrets,
    requests,
    forbidNext: (count, code = 'ForbiddenByRbac') => (forbidden = { count, code }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
