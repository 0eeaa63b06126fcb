import http from 'node:http';
import { html } from '../../shared/web/html';
import { renderPage, textResponse } from '../../shared/web/page';
import { applyMutation, applyMutations } from './support/formMutations';
import { recordOutbound, unexpectedCalls } from './support/outboundRecorder';
import { postedMarkupViolations } from './support/postedMarkup';
import { responseViolations, type Answer } from './support/responseInvariants';
import { requestTokens } from './support/secrets';
import { startTraps } from './support/trapServers';
import { payloadOf, wireFormOf } from './support/wireForm';

// The abuse properties are only as good as their checks: each check must catch what it claims to.

function answerOf(response: { status: number; headers: Record<string, string>; body: string }): Answer {
  return { status: response.status, headers: new Headers(response.headers), body: response.body };
}

const page = () => answerOf(renderPage({ lang: 'en', title: 'T', body: html`<p>ok</p>`, bx24ScriptUrl: 'http://127.0.0.1:9/bx24.js' }));
const context = (over: Partial<Parameters<typeof responseViolations>[1]> = {}) => ({ secrets: ['tok3nOfTheRequest0001'], nonces: new Set<string>(), triedPortalOverHttps: false, ...over });

describe('the checks behind the abuse properties', () => {
  it('pass a page the app renders and plain text it sends', () => {
    expect(responseViolations(page(), context())).toEqual([]);
    expect(responseViolations(answerOf(textResponse(403, 'Access denied.')), context())).toEqual([]);
  });

  it('flag a 5xx, a stack trace, a source position, an error class and a server path', () => {
    const problems = (status: number, body: string) => responseViolations(answerOf(textResponse(status, body)), context());
    expect(problems(500, 'Sorry.')).toEqual(['status 500']);
    expect(problems(400, 'oops\n    at handle (/srv/app.js:12:34)')).toEqual(expect.arrayContaining([expect.stringContaining('stack frame'), expect.stringContaining('source position')]));
    expect(problems(400, 'TypeError: x is undefined')).toEqual([expect.stringContaining('error class')]);
    expect(problems(400, 'see /work/main/shared/x')).toEqual([expect.stringContaining('server file path')]);
  });

  it('accept a 502 only as the app’s own "did not answer" after a real https attempt at the portal', () => {
    const unavailable = answerOf({ ...textResponse(502, 'Bitrix24 did not answer.'), status: 502 });
    expect(responseViolations(unavailable, context({ triedPortalOverHttps: true }))).toEqual([]);
    expect(responseViolations(unavailable, context())).toEqual(['status 502']);
    expect(responseViolations(answerOf(textResponse(502, 'Bitrix24 refused.')), context({ triedPortalOverHttps: true }))).toEqual(['status 502']);
  });

  it('accept a 502 “another address” page only while the portal redirects the app', () => {
    const moved = answerOf({ ...renderPage({ lang: 'en', title: 'T', body: html`<section data-error-code="portal_moved">x</section>`, bx24ScriptUrl: 'http://127.0.0.1:9/bx24.js' }), status: 502 });
    expect(responseViolations(moved, context({ portalRedirected: true }))).toEqual([]);
    expect(responseViolations(moved, context())).toEqual(['status 502']);
  });

  it('flag chat messages that carry markup from user text, and pass the app’s own', () => {
    expect(postedMarkupViolations(['[B]Title ［URL=x］[/B]\nText\n\n[I]Footer[/I]'])).toEqual([]);
    expect(postedMarkupViolations(['[B]Title[/B] [URL=javascript:x]y[/URL]'])).toEqual(['a posted message carries tags from user text: [URL=javascript:x]']);
    expect(postedMarkupViolations(['[B]T[/B]\n>> quoted'])).toEqual(expect.arrayContaining([expect.stringContaining('quote lines')]));
    expect(postedMarkupViolations(['[B]T[/B] x#Br#>> quoted'])).toEqual(expect.arrayContaining([expect.stringContaining('quote lines')]));
    expect(postedMarkupViolations([`[B]T[/B]\n${'-'.repeat(54)}\nx\n${'-'.repeat(54)}`])).toEqual(expect.arrayContaining([expect.stringContaining('quote block')]));
    expect(postedMarkupViolations(['[B]T[/B] **bold**'])).toEqual([expect.stringContaining('Markdown from user text: * * * *')]);
    expect(postedMarkupViolations(['[B]T[/B] https://example.com/a_b ∗ˍ'])).toEqual([]);
    expect(postedMarkupViolations([{ message: '[B]T[/B] https://example.com', urlPreview: true }])).toEqual(['a posted message may show a link preview']);
    expect(postedMarkupViolations([{ message: '[B]T[/B] https://example.com', urlPreview: false }])).toEqual([]);
    expect(postedMarkupViolations(['[B]T[/B] [CODE]x[/CODE]'])).toEqual([expect.stringContaining('[CODE] [/CODE]')]);
    expect(postedMarkupViolations(['[URL=https://a.example/x]a[/URL][BR][URL=https://b.example/*]b[/URL]'])).toEqual([expect.stringContaining('[URL=https://b.example/*]'), expect.stringContaining('Markdown')]);
  });

  it('flag a card that carries markup from user text in any block, links elsewhere or is too large, and pass the app’s own', () => {
    const card = (blocks: unknown[]) => ({ message: 'From the knowledge base: [B]T[/B]', urlPreview: false, attach: { ID: 1, BLOCKS: blocks } });
    const own = [
      { MESSAGE: '[B]T[/B]' },
      { MESSAGE: '[B]Steps[/B][BR]• one [URL=https://x.example/a_b]link[/URL][BR]» quoted' },
      { DELIMITER: { SIZE: 200 } },
      { GRID: [{ NAME: 'Written by', VALUE: 'Anna ［USER=1］', DISPLAY: 'LINE' }] },
      { LINK: { NAME: 'The message', LINK: '/online/?IM_DIALOG=chat2&IM_MESSAGE=202' } },
    ];
    expect(postedMarkupViolations([card(own)])).toEqual([]);
    expect(postedMarkupViolations([card([{ GRID: [{ NAME: 'Written by', VALUE: '[USER=all]x[/USER]' }] }])])).toEqual([expect.stringContaining('[USER=all]')]);
    expect(postedMarkupViolations([card([{ MESSAGE: 'x[BR]>> quoted' }])])).toEqual(expect.arrayContaining([expect.stringContaining('quote lines')]));
    expect(postedMarkupViolations([card([{ MESSAGE: '_x_' }])])).toEqual([expect.stringContaining('Markdown')]);
    expect(postedMarkupViolations([card([{ LINK: { NAME: 'x', LINK: 'javascript:alert(1)' } }])])).toEqual([expect.stringContaining('links elsewhere')]);
    expect(postedMarkupViolations([card([{ MESSAGE: 'x'.repeat(60_001) }])])).toEqual([expect.stringContaining('characters serialised')]);
  });

  it('flag a secret in the body or in a header', () => {
    const leaky = answerOf({ ...textResponse(200, 'your token: tok3nOfTheRequest0001'), headers: { 'x-debug': 'tok3nOfTheRequest0001' } });
    expect(responseViolations(leaky, context())).toEqual([expect.stringContaining('body contains secrets'), expect.stringContaining('headers contain secrets')]);
  });

  it('flag pages without CSP, nonce, nosniff or no-store, with unsafe-inline, a reused nonce or an unsigned script', () => {
    const without = (header: string) => {
      const answer = page();
      answer.headers.delete(header);
      return responseViolations(answer, context());
    };
    expect(without('content-security-policy')).toEqual(['HTML without a Content-Security-Policy']);
    expect(without('x-content-type-options')).toEqual(['HTML without X-Content-Type-Options: nosniff']);
    expect(without('cache-control')).toEqual(['HTML without Cache-Control: no-store']);

    const inline = page();
    inline.headers.set('content-security-policy', (inline.headers.get('content-security-policy') ?? '').replace('script-src ', "script-src 'unsafe-inline' "));
    expect(responseViolations(inline, context())).toEqual([expect.stringContaining('allows inline')]);

    const seen = new Set<string>();
    const once = page();
    expect(responseViolations(once, context({ nonces: seen }))).toEqual([]);
    expect(responseViolations(once, context({ nonces: seen }))).toEqual(['a CSP nonce used for a second response']);

    const injected = page();
    injected.body = injected.body.replace('<p>ok</p>', '<script>alert(1)</script>');
    expect(responseViolations(injected, context())).toEqual([expect.stringContaining('without the response\'s nonce')]);

    const disguised = answerOf({ ...textResponse(200, '<!doctype html><script>alert(1)</script>') });
    expect(responseViolations(disguised, context())).toEqual(expect.arrayContaining([expect.stringContaining('an HTML body sent as')]));
  });

  it('count a request token only when it looks like one and the request does not also carry it as text', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0';
    expect(requestTokens({ query: '', body: `AUTH_ID=${token}&auth%5Bapplication_token%5D=0123456789abcdef` })).toEqual([token, '0123456789abcdef']);
    expect(requestTokens({ query: '', body: `AUTH_ID=${token}&title=${token}` })).toEqual([]);
    expect(requestTokens({ query: '', body: 'AUTH_ID=en&REFRESH_ID=aaaaaaaaaaaaaaaa&APPLICATION_TOKEN=has%20a%20space%20in%20it' })).toEqual([]);
  });

  it('see every outbound request, a refused one too, and name the ones to hosts not allowed', async () => {
    const traps = await startTraps(1);
    const recorder = recordOutbound();
    try {
      const trap = traps.all[0]!;
      await new Promise<void>((resolve) => http.get(`${trap.url}rest/app.info?x=tok3nOfTheRequest0001`, (res) => res.resume().on('end', resolve)));
      await new Promise<void>((resolve) => http.get('http://127.0.0.1:9/nothing-listens', () => resolve()).on('error', () => resolve()));
      expect(traps.received()).toEqual([`${trap.host} GET /rest/app.info?x=tok3nOfTheRequest0001`]);
      // Only this test's targets: work a previous test file left running in this worker may still call its own servers.
      const ours = recorder.calls.filter((call) => call.target === trap.host || call.target === '127.0.0.1:9');
      expect(unexpectedCalls(ours, new Set([trap.host]), ['tok3nOfTheRequest0001'])).toEqual([
        `a secret in the URL of a call to ${trap.host}`,
        'http call to http://127.0.0.1:9/nothing-listens',
      ]);
    } finally {
      recorder.stop();
      await traps.close();
    }
  });

  it('mutate forms on the wire as described: raw bad escapes kept, bodies padded to the byte, keys reshaped', () => {
    const form = wireFormOf({ query: 'DOMAIN=a.b', body: 'AUTH_ID=x&member_id=y' });
    expect(payloadOf(applyMutation(form, { kind: 'set', side: 'body', key: 'LANG', value: '%FF%FE%00' })).body).toBe('AUTH_ID=x&member_id=y&LANG=%FF%FE%00');
    for (const bytes of [65_535, 65_536, 65_537]) {
      expect(payloadOf(applyMutation(form, { kind: 'padTo', index: 1, bytes, filler: '%F0%9F%98%80' })).body).toHaveLength(bytes);
    }
    expect(payloadOf(applyMutation(form, { kind: 'rekey', index: 2, shape: 'deep', depth: 3 })).body).toBe('AUTH_ID=x&member_id[k0][k1][k2]=y');
    expect(payloadOf(applyMutations(form, [{ kind: 'duplicate', index: 1, value: 'z' }, { kind: 'move', index: 0 }])).query).toBe('');
    expect(payloadOf(applyMutation(form, { kind: 'json' })).body).toBe('{"AUTH_ID":"x","member_id":"y"}');
  });
});
