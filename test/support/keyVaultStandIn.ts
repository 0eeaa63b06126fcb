import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KeyVaultStandIn {
  /** like https://<vault>.vault.azure.net/ */
  url: string;
  token: string;
  /** the latest version of each secret */
  secrets: Map<string, string>;
  /** every request, as `METHOD name` */
  requests: string[];
  /** the next `count` requests are refused with 403 ForbiddenByRbac */
  forbidNext(count: number): void;
  close(): Promise<void>;
}

/**
 * Key Vault's secrets API on 127.0.0.1, as much as the deployment hook uses: `GET|PUT /secrets/<name>
 * ?api-version=7.4` with a bearer token; 404 SecretNotFound for a secret it does not hold.
 */
export async function startKeyVaultStandIn(): Promise<KeyVaultStandIn> {
  const token = 'vault-token';
  const secrets = new Map<string, string>();
  const requests: string[] = [];
  let forbidden = 0;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = decodeURIComponent(/^\/secrets\/([^/]+)\/?$/.exec(url.pathname)?.[1] ?? '');
    requests.push(`${request.method} ${name}`);
    if (request.headers.authorization !== `Bearer ${token}`) return answer(response, 401, { error: { code: 'Unauthorized' } });
    if (forbidden > 0) {
      forbidden--;
      return answer(response, 403, { error: { code: 'Forbidden', innererror: { code: 'ForbiddenByRbac' } } });
    }
    if (!name || url.searchParams.get('api-version') !== '7.4') return answer(response, 400, { error: { code: 'BadParameter' } });
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
    forbidNext: (count) => (forbidden = count),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
