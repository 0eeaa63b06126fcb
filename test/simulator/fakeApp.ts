import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../../local/simulator';

// A minimal app for browser tests of the simulator's page: its install page binds the sidebar and the
// install event, then calls BX24.installFinish(); its pages show what they received through the form and
// through BX24, so the test can read both from inside the iframes.

export interface FakeApp {
  url: string;
  events: URLSearchParams[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}

function json(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function page(sim: Simulator, received: Record<string, string>, script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><script src="${sim.bx24ScriptUrl}"></script></head>
<body><h1 id="placement">${received['PLACEMENT'] ?? ''}</h1><pre id="received"></pre><pre id="bx24"></pre>
<div style="height:${received['PLACEMENT'] === 'IM_SIDEBAR' ? 700 : 300}px"></div>
<script>
document.getElementById('received').textContent = ${json(JSON.stringify(received))};
BX24.init(function () {
  document.getElementById('bx24').textContent = JSON.stringify({ info: BX24.placement.info(), auth: !!BX24.getAuth(), lang: BX24.getLang(), admin: BX24.isAdmin() });
  ${script}
});
</script></body></html>`;
}

async function callRest(sim: Simulator, method: string, params: Record<string, unknown>, auth: string): Promise<unknown> {
  const response = await fetch(`${sim.clientEndpoint}${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...params, auth }),
  });
  return response.json();
}

export async function startFakeApp(sim: Simulator): Promise<FakeApp> {
  const events: URLSearchParams[] = [];
  let base = '';
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    const fields = new URLSearchParams(await readBody(req));
    const received = { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(fields) };
    const send = (html: string): void => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    };
    if (url.pathname === '/api/event') {
      events.push(fields);
      res.writeHead(200).end('ok');
    } else if (url.pathname === '/api/install') {
      const auth = fields.get('AUTH_ID') ?? '';
      await callRest(sim, 'placement.bind', {
        PLACEMENT: 'IM_SIDEBAR',
        HANDLER: `${base}/api/sidebar`,
        TITLE: 'Knowledge base',
        LANG_ALL: { en: { TITLE: 'Knowledge base' }, de: { TITLE: 'Wissensdatenbank' } },
        OPTIONS: { iconName: 'fa-book' },
      }, auth);
      await callRest(sim, 'event.bind', { event: 'ONAPPINSTALL', handler: `${base}/api/event` }, auth);
      await callRest(sim, 'event.bind', { event: 'ONAPPUNINSTALL', handler: `${base}/api/event` }, auth);
      send(page(sim, received, 'BX24.installFinish();'));
    } else {
      send(page(sim, received, 'BX24.fitWindow();'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    events,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
