import { de } from '../../../shared/i18n/de';
import { en } from '../../../shared/i18n/en';
import { ru } from '../../../shared/i18n/ru';
import { leakedIn } from './secrets';

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

export interface ResponseContext {
  /** values that must appear in neither the body nor a header */
  secrets: Iterable<string>;
  /** every CSP nonce seen so far in the run; each response must bring a new one */
  nonces: Set<string>;
  /**
   * The request made the app call the portal it had just verified over https (PROTOCOL=1, or an event
   * without an http:// client_endpoint). The simulator speaks plain http only, so such a call fails here
   * as a healthy https portal never would; the app's 502 "Bitrix24 did not answer" is then the honest
   * answer and the only 5xx accepted.
   */
  triedPortalOverHttps: boolean;
  /**
   * The portal answered the app with a redirect elsewhere (a failure mode of the run): the app's 502 "Bitrix24
   * answered from another address" is then the honest answer, and accepted.
   */
  portalRedirected?: boolean;
}

const stackTracePatterns: [RegExp, string][] = [
  [/(^|\n)[ \t]+at \S/, 'a stack frame ("    at ...")'],
  [/\.(?:[cm]?js|tsx?):\d+:\d+/, 'a source position (file.js:12:34)'],
  [/\b(?:[A-Z]\w*)?Error:/, 'an error class prefix ("...Error:")'],
  [/node_modules|\/work\/main|[A-Za-z]:\\|\/dist\//, 'a server file path'],
];

const unavailableTexts = new Set([en, ru, de].map((catalog) => `${catalog['error.portal_unavailable.title']}.`));

/** The app's own "Bitrix24 did not answer" answer: the install page's, the error page's or the event text. */
function isPortalUnavailableAnswer(answer: Answer): boolean {
  return (
    answer.body.includes('data-reason="unavailable"') ||
    answer.body.includes('data-error-code="portal_unavailable"') ||
    unavailableTexts.has(answer.body)
  );
}

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function htmlViolations(answer: Answer, nonces: Set<string>): string[] {
  const problems: string[] = [];
  const csp = answer.headers.get('content-security-policy');
  if (!csp) return ['HTML without a Content-Security-Policy'];
  const scriptSrc = directives(csp).get('script-src');
  if (!scriptSrc) problems.push('CSP without script-src');
  if (scriptSrc?.some((value) => /unsafe-inline|unsafe-eval|^\*$/.test(value))) problems.push(`script-src allows inline or any script: ${scriptSrc.join(' ')}`);
  const nonce = scriptSrc?.map((value) => /^'nonce-([A-Za-z0-9+/=_-]{16,})'$/.exec(value)?.[1]).find(Boolean);
  if (!nonce) {
    problems.push('script-src without a nonce');
  } else {
    if (nonces.has(nonce)) problems.push('a CSP nonce used for a second response');
    nonces.add(nonce);
    const tags = answer.body.match(/<(?:script|style)\b[^>]*>/gi) ?? [];
    const unsigned = tags.filter((tag) => !tag.includes(`nonce="${nonce}"`));
    if (unsigned.length > 0) problems.push(`script or style tags without the response's nonce: ${unsigned.join(' ').slice(0, 200)}`);
  }
  if (answer.headers.get('x-content-type-options') !== 'nosniff') problems.push('HTML without X-Content-Type-Options: nosniff');
  if (!/(^|,)\s*no-store\s*(,|$)/.test(answer.headers.get('cache-control') ?? '')) problems.push('HTML without Cache-Control: no-store');
  return problems;
}

/** Everything wrong with one response, as sentences; empty when it keeps every invariant. */
export function responseViolations(answer: Answer, context: ResponseContext): string[] {
  const problems: string[] = [];
  const refusedMove = answer.status === 502 && context.portalRedirected === true && answer.body.includes('data-error-code="portal_moved"');
  if (answer.status >= 500 && !refusedMove && !(answer.status === 502 && context.triedPortalOverHttps && isPortalUnavailableAnswer(answer))) {
    problems.push(`status ${answer.status}`);
  }
  const headerLines: string[] = [];
  answer.headers.forEach((value, name) => headerLines.push(`${name}: ${value}`));
  const headerText = headerLines.join('\n');
  for (const [pattern, what] of stackTracePatterns) {
    if (pattern.test(answer.body)) problems.push(`body shows ${what}: ${pattern.exec(answer.body)?.[0].trim().slice(0, 80)}`);
    if (pattern.test(headerText)) problems.push(`headers show ${what}`);
  }
  const leakedInBody = leakedIn(answer.body, context.secrets);
  if (leakedInBody.length > 0) problems.push(`body contains secrets ${leakedInBody.join(', ')}`);
  const leakedInHeaders = leakedIn(headerText, context.secrets);
  if (leakedInHeaders.length > 0) problems.push(`headers contain secrets ${leakedInHeaders.join(', ')}`);
  const contentType = answer.headers.get('content-type') ?? '';
  const looksLikeHtml = /^\s*<(?:!doctype|html)/i.test(answer.body);
  if (looksLikeHtml && !contentType.startsWith('text/html')) problems.push(`an HTML body sent as "${contentType}"`);
  if (contentType.startsWith('text/html') || looksLikeHtml) problems.push(...htmlViolations(answer, context.nonces));
  return problems;
}
