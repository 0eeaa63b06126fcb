import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFunctionsHost, type FunctionsHost } from '../../local/functionsHost';

const fixture = join(__dirname, 'fixtures', 'echoFunctions.js');

describe('the local functions host', () => {
  let host: FunctionsHost;
  const lines: string[] = [];

  beforeAll(async () => {
    host = await startFunctionsHost({ port: 0, entryFiles: [fixture], log: (line) => lines.push(line) });
  });
  afterAll(() => host.close());

  it('serves a registered function with route params, query, body, headers and the status it returns', async () => {
    const response = await fetch(`${host.url}/api/placement/Save?status=202&b=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'AUTH_ID=abc&member_id=42',
    });

    expect(response.status).toBe(202);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(response.headers.get('content-type')).toBe('application/json');
    const echoed = await response.json();
    expect(echoed).toMatchObject({
      functionName: 'placementHandler',
      method: 'POST',
      url: `${host.url}/api/placement/Save?status=202&b=2`,
      params: { action: 'Save' },
      query: { status: '202', b: '2' },
      body: 'AUTH_ID=abc&member_id=42',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(echoed.invocationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves an optional route parameter out when the path does not have it', async () => {
    const response = await fetch(`${host.url}/api/placement`, { method: 'POST' });

    expect(response.status).toBe(200);
    expect((await response.json()).params).toEqual({});
  });

  it('matches literal route segments case-insensitively and tolerates a trailing slash', async () => {
    const response = await fetch(`${host.url}/API/Install/`, { method: 'POST', body: 'x' });

    expect(response.status).toBe(200);
    expect((await response.json()).functionName).toBe('installHandler');
  });

  it('joins a repeated request header with a comma', async () => {
    const echoed = await rawPost(`${host.url}/api/install`, { 'x-multi': ['a', 'b'] });

    expect(JSON.parse(echoed).multi).toBe('a, b');
  });

  it('answers 404 for a path no function routes', async () => {
    const response = await fetch(`${host.url}/api/nothing-here`, { method: 'POST' });

    expect(response.status).toBe(404);
  });

  it('answers 405 with Allow for a routed path called with a method the function does not accept', async () => {
    const response = await fetch(`${host.url}/api/install`);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers a thrown handler error with a bare 500 and logs it with the invocation id', async () => {
    const response = await fetch(`${host.url}/api/placement/boom`, { method: 'POST' });

    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toBe('Internal Server Error');
    expect(text).not.toContain('secret');
    const failure = lines.find((line) => line.includes('(Failed, Id='));
    expect(failure).toMatch(/^\[placementHandler\] error .*Id=[0-9a-f-]{36}.*\n.*secret detail/s);
  });

  it('writes an HttpResponse instance with its headers, cookies and body', async () => {
    const response = await fetch(`${host.url}/api/placement/instance`, { method: 'POST' });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(await response.text()).toBe('<p>made</p>');
  });

  it('writes a byte body and a body-less status', async () => {
    const bytes = await fetch(`${host.url}/api/placement/bytes`, { method: 'POST' });
    expect(bytes.status).toBe(200);
    expect(await bytes.text()).toBe('hi');

    const empty = await fetch(`${host.url}/api/placement/empty`, { method: 'POST' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('sends what a handler logs through its context to the log as "[function] level message"', async () => {
    await fetch(`${host.url}/api/install`, { method: 'POST' });

    expect(lines).toContain('[installHandler] information echoing POST');
    expect(lines).toContain('[installHandler] warning a warning');
  });

  it('lists each function with its methods and URL', () => {
    expect(host.functions).toEqual(
      expect.arrayContaining([
        { name: 'installHandler', methods: ['POST'], url: `${host.url}/api/install` },
        { name: 'placementHandler', methods: ['GET', 'POST'], url: `${host.url}/api/placement/{action?}` },
      ]),
    );
  });
});

describe('the route prefix', () => {
  it.each([
    ['', '/install', '/api/install'],
    ['/v1/', '/v1/install', '/api/install'],
  ])('comes from host.json (routePrefix %j)', async (routePrefix, served, notServed) => {
    const dir = mkdtempSync(join(tmpdir(), 'host-json-'));
    const hostJsonPath = join(dir, 'host.json');
    writeFileSync(hostJsonPath, JSON.stringify({ version: '2.0', extensions: { http: { routePrefix } } }));
    const host = await startFunctionsHost({ entryFiles: [fixture], hostJsonPath, log: () => undefined });
    try {
      expect((await fetch(`${host.url}${served}`, { method: 'POST' })).status).toBe(200);
      expect((await fetch(`${host.url}${notServed}`, { method: 'POST' })).status).toBe(404);
    } finally {
      await host.close();
    }
  });

  it('is "api" when host.json does not set one', async () => {
    const host = await startFunctionsHost({ entryFiles: [fixture], hostJsonPath: join(tmpdir(), 'no-such-host.json'), log: () => undefined });
    try {
      expect((await fetch(`${host.url}/api/install`, { method: 'POST' })).status).toBe(200);
    } finally {
      await host.close();
    }
  });
});

describe('starting the host', () => {
  it('fails with the entry named when an entry file does not exist', async () => {
    await expect(startFunctionsHost({ entryFiles: [join(__dirname, 'missing', 'index.js')], log: () => undefined })).rejects.toThrow(
      /missing[/\\]index\.js does not exist/,
    );
  });

  it('stops accepting connections after close, even with a keep-alive connection open', async () => {
    const host = await startFunctionsHost({ entryFiles: [fixture], log: () => undefined });
    await fetch(`${host.url}/api/install`, { method: 'POST', keepalive: true });

    await host.close();

    await expect(fetch(`${host.url}/api/install`, { method: 'POST' })).rejects.toThrow();
  });
});

function rawPost(url: string, headers: Record<string, string | string[]>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}
