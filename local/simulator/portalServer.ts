import type http from 'node:http';
import { BX24_STANDIN } from './bx24Standin';
import type { PortalListener } from './failureAnswers';
import { sendJson, sendText } from './httpUtil';
import { portalPageHtml } from './portalPage';
import { CORS_HEADERS, handlePortalRest } from './restHttp';
import { handleSimApi } from './simApi';
import type { Simulator } from './Simulator';

// The portal's listener: the messenger page, the BX24 stand-in, the page's /sim/ backend and the REST API.
// A moved portal has two listeners on the same state; only the REST API tells them apart.

export function createPortalHandler(sim: Simulator, listener: PortalListener = 'original'): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', sim.portalUrl);
    const rest = /^\/rest\/([^/]+)\/?$/.exec(url.pathname);
    if (rest !== null) {
      if (req.method === 'OPTIONS') res.writeHead(204, CORS_HEADERS).end();
      else await handlePortalRest(sim, req, res, url, decodeURIComponent(rest[1] ?? ''), listener);
      return;
    }
    if (url.pathname.startsWith('/sim/')) {
      await handleSimApi(sim, req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed' });
      return;
    }
    switch (url.pathname) {
      case '/':
      case '/online/':
        sendText(res, 200, 'text/html; charset=utf-8', portalPageHtml());
        return;
      case '/bx24.js':
        sendText(res, 200, 'application/javascript; charset=utf-8', BX24_STANDIN, { 'Access-Control-Allow-Origin': '*' });
        return;
      case '/favicon.ico':
        res.writeHead(204).end();
        return;
      default:
        sendText(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
  };
}
