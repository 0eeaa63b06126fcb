import { randomBytes } from 'node:crypto';
import { html, raw, type SafeHtml } from './html';
import type { Lang } from '../i18n';
import { markdownStyles } from './markdownStyles';
import { pageScript } from './pageScript';
import { knowledgeBaseStyles, styles } from './styles';

/** The same on every page: built once. */
const pageStyles = raw(styles + knowledgeBaseStyles + markdownStyles);
const plainPageScript = raw(pageScript());

/** A response in the shape the Functions adapter writes (status, headers, body). */
export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  body: SafeHtml;
  /** The portal origin allowed to frame the page (`https://acme.bitrix24.com`); none: no framing. */
  frameAncestor?: string;
  /** The BX24 library; the page renders and works without it. */
  bx24ScriptUrl: string;
  /** Extra trusted script run once BX24 is ready (e.g. `BX24.installFinish()`). */
  onBx24Ready?: string;
  /**
   * `data-*` attributes of `<main>` that the page script reads: `view` (what the page shows, so going back
   * to it can show it again) and `restore` (where that is done).
   */
  data?: Record<string, string>;
}

/**
 * The script-src entry for the BX24 library: its exact URL (a trailing `/` still matches what lies below it,
 * as CSP defines), with the characters that would end a CSP value encoded. Never the library's whole origin.
 */
export function scriptSource(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`.replace(/[;,\s'"]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function renderPage(options: PageOptions): AppResponse {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${scriptSource(options.bx24ScriptUrl)}`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    // The editor's preview fetches the server's rendering of the text in place (pageScript.ts).
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${options.frameAncestor ?? "'none'"}`,
  ].join('; ');
  const data = Object.entries(options.data ?? {}).map(([name, value]) => html` data-${name}="${value}"`);
  const body = html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<style nonce="${nonce}">${pageStyles}</style>
<script src="${options.bx24ScriptUrl}" defer nonce="${nonce}"></script>
<script nonce="${nonce}">${options.onBx24Ready ? raw(pageScript(options.onBx24Ready)) : plainPageScript}</script>
</head>
<body>
<main${data}>${options.body}</main>
</body>
</html>`;
  return {
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    },
    body: body.value,
  };
}

export function textResponse(status: number, text: string): AppResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    body: text,
  };
}

/**
 * The origin a portal frames us from: its verified domain, with its endpoint's scheme (the REST endpoint's
 * host may be another one than the domain the portal's pages are on).
 */
export function portalOrigin(portal: { domain: string; clientEndpoint: string }): string {
  return `${new URL(portal.clientEndpoint).protocol}//${portal.domain}`;
}
