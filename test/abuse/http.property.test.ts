import fc from 'fast-check';
import http from 'node:http';
import { freePort } from '../../local/freePort';
import { startLocalStack, type LocalStack } from '../../local/localStack';
import { createArticleStore } from '../../shared/storage/articleStore';
import { settingNames } from '../../shared/config';
import { createTables } from '../../shared/storage/tableStorage';
import { visibleText } from '../support/appHarness';
import { hiddenField } from '../support/sidebarDriver';
import { testStorageConnectionString } from '../support/testStorage';
import { storageTarget } from './support/abuseWorld';
import { exchangeViolations, type ExchangeRules } from './support/exchangeViolations';
import { actionBodyLimit, bodyLimit } from './support/formMutations';
import { hostOf, recordOutbound, type OutboundRecorder } from './support/outboundRecorder';
import { rawPost } from './support/rawPost';
import type { Answer } from './support/responseInvariants';
import { recordIssuedTokens, standingSecrets } from './support/secrets';
import { startTraps, type Traps } from './support/trapServers';
import { describePayload } from './support/wireForm';

// The functions over real HTTP: the local functions host (the same entry files and route table as Azure),
// configured from process.env as `npm start` does, on the run's Azurite. What only the wire can carry:
// raw bytes, a missing or lying Content-Type, chunked bodies, oversized bodies.
const seed = Number(process.env.ABUSE_SEED ?? 0x5eed_b24);
const scale = Number(process.env.ABUSE_RUNS_SCALE ?? 1);

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** Bytes that are not valid UTF-8, or are but mean trouble: lone continuation bytes, surrogate halves, overlongs, NUL. */
const badBytes = [[0xff], [0xfe, 0xff], [0x00], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xef, 0xbb, 0xbf]].map((bytes) => new Uint8Array(bytes));
const contentTypes = [undefined, 'application/x-www-form-urlencoded', 'application/json', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=windows-1251', ''];

/**
 * Sends a chunked body of up to `planned` bytes, 64 KB at a time as the connection takes them, and stops as
 * soon as an answer arrives: how much was sent by then shows whether the server read it all first.
 */
function uploadUntilAnswered(target: string, planned: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let status = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const request = http.request(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, agent: false }, (response) => {
      status = response.statusCode ?? 0;
      response.resume();
      response.on('end', () => {
        request.destroy();
        resolve({ status, sent });
      });
    });
    request.on('error', (error) => (status ? resolve({ status, sent }) : reject(error)));
    const pump = (): void => {
      while (!status && sent < planned && !request.destroyed) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      if (!status && sent >= planned) request.end();
    };
    pump();
  });
}

describe('the functions over real HTTP, fed raw bytes, odd headers and oversized bodies', () => {
  const saved: Record<string, string | undefined> = {};
  let stack: LocalStack;
  let traps: Traps;
  let outbound: OutboundRecorder;
  let rules: ExchangeRules;
  let session = '';
  const hostLog: string[] = [];

  beforeAll(async () => {
    for (const name of settingNames) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    process.env.AzureWebJobsStorage = testStorageConnectionString();
    process.env.PORT = String(await freePort()); // not 7071: other test files start stacks at the same time
    traps = await startTraps(2);
    outbound = recordOutbound();
    stack = await startLocalStack(process.env, { log: (line) => hostLog.push(line) });
    const issued = recordIssuedTokens(stack.sim);
    const install = stack.sim.installForm();
    expect((await rawPost(install.url ?? '', { body: utf8(install.body), headers: formType })).status).toBe(200);
    expect(await stack.sim.markInstalled()).toBe(200); // ONAPPINSTALL, delivered by the portal over HTTP
    const sidebar = await openSidebar();
    expect(sidebar.status).toBe(200);
    session = hiddenField(sidebar, 'session');
    rules = {
      sim: stack.sim,
      traps,
      allowedTargets: new Set([hostOf(stack.sim.clientEndpoint), hostOf(stack.sim.oauthUrl), storageTarget()]),
      ownTargets: new Set([hostOf(stack.host.url)]),
      standingSecrets: () => standingSecrets(stack.sim, stack.config, issued),
      nonces: new Set(),
    };
  });
  afterAll(async () => {
    outbound?.stop();
    await stack?.stop();
    await traps?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const formType = { 'content-type': 'application/x-www-form-urlencoded' };
  const url = (route: string, query = '') => `${stack.host.url}${route}${query ? `?${query}` : ''}`;
  const openSidebar = (headers: Record<string, string> = formType) => {
    const form = stack.sim.sidebarForm({ dialogId: 'chat2' });
    return rawPost(form.url ?? '', { body: utf8(form.body), headers });
  };
  // What the host stored, read straight from Azurite (the host's tables have no prefix).
  const tables = createTables({ kind: 'connectionString', connectionString: testStorageConnectionString() });
  const articlesInGeneralChat = async () => (await createArticleStore(tables, 'articles').page({ memberId: stack.sim.memberId, chatId: 2 })).total;
  const isInstalled = async () => (await openSidebar()).status === 200;

  /**
   * Posts (with a Content-Length, or chunked without one) and checks every invariant; the signed session is
   * the pages' own capability, so it may come back in a page.
   */
  async function exchange(route: string, query: string, body: Uint8Array, headers: Record<string, string>, chunked = false): Promise<Answer> {
    const mark = outbound.mark();
    const logMark = hostLog.length;
    const target = url(route, query);
    const answer = chunked ? await rawPost(target, { chunks: [body.subarray(0, 1000), body.subarray(1000, 40_000), body.subarray(40_000)], headers }) : await rawPost(target, { body, headers });
    const payload = { query, body: Buffer.from(body).toString('utf8') };
    const problems = exchangeViolations(rules, payload, answer, outbound.since(mark), hostLog.slice(logMark));
    const how = `${body.byteLength} bytes${chunked ? ', chunked' : ''}, ${JSON.stringify(headers)}`;
    if (problems.length > 0) throw new Error(`POST ${route} (${how})\n${describePayload(payload)}\nanswered ${answer.status}:\n- ${problems.join('\n- ')}`);
    return answer;
  }

  it('never answers 5xx, a stack trace or a secret to bodies with invalid UTF-8, NUL bytes and any Content-Type', async () => {
    const forms: Record<string, () => { query: string; body: string }> = {
      sidebar: () => stack.sim.sidebarForm({ dialogId: 'chat2' }),
      appPage: () => stack.sim.appPageForm(),
      installPage: () => stack.sim.installForm(),
      event: () => ({ query: '', body: stack.sim.eventForm('ONAPPINSTALL') }),
      action: () => ({ query: '', body: new URLSearchParams({ session, dialog: 'chat2', title: 'Raw', body: 'bytes', q: 'a' }).toString() }),
      trapDomain: () => ({ query: `DOMAIN=${traps.all[0]?.host}&PROTOCOL=0`, body: `SERVER_ENDPOINT=${encodeURIComponent(traps.all[1]?.url ?? '')}rest%2F&auth%5Bclient_endpoint%5D=${encodeURIComponent(traps.all[0]?.url ?? '')}` }),
      nothing: () => ({ query: '', body: '' }),
    };
    const routes = ['/api/install', '/api/placement', '/api/placement/list', '/api/placement/create', '/api/placement/post', '/api/placement/rebind', '/api/placement/resume', '/api/placement/restore', '/api/placement/%2e%2e', '/api/placement/__proto__', '/api/placement/list%00', '/api/placement/LIST'];
    const insertion = fc.record({ at: fc.nat(), bytes: fc.oneof(fc.constantFrom(...badBytes), fc.uint8Array({ minLength: 1, maxLength: 12 })) });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(...Object.keys(forms)),
        fc.array(insertion, { maxLength: 5 }),
        fc.option(fc.uint8Array({ maxLength: 2048 }), { freq: 5, nil: undefined }),
        fc.constantFrom(...contentTypes),
        async (route, formName, insertions, replacement, contentType) => {
          const form = (forms[formName] as () => { query: string; body: string })();
          let body = replacement ?? utf8(form.body);
          for (const { at, bytes } of insertions) {
            const cut = body.byteLength === 0 ? 0 : at % (body.byteLength + 1);
            body = concat(body.subarray(0, cut), bytes, body.subarray(cut));
          }
          const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
          await exchange(route, form.query, body, headers);
        },
      ),
      { seed, numRuns: Math.ceil(300 * scale) },
    );
  });

  it('answers GET with any query without 5xx, and lets only a stored portal frame the restore page', async () => {
    const routes = ['/api/placement/restore', '/api/placement', '/api/placement/list', '/api/placement/%2e%2e', '/api/install'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.option(fc.constantFrom(stack.sim.memberId, stack.sim.memberId.toUpperCase(), 'f'.repeat(32), `${stack.sim.memberId}&member=${'e'.repeat(32)}`, '../../x', ''), { nil: undefined }),
        fc.string({ maxLength: 40 }),
        async (route, member, junk) => {
          const mark = outbound.mark();
          const query = `${member === undefined ? '' : `member=${member}&`}lang=${encodeURIComponent(junk)}&DOMAIN=${traps.all[0]?.host}`;
          const response = await fetch(url(route, query));
          const answer = { status: response.status, headers: response.headers, body: await response.text() };
          const problems = exchangeViolations(rules, { query, body: '' }, answer, outbound.since(mark));
          const ancestors = /frame-ancestors ([^;]+)/.exec(answer.headers.get('content-security-policy') ?? '')?.[1];
          const stored = route === '/api/placement/restore' && member?.toLowerCase().startsWith(stack.sim.memberId) === true && !member.includes('&');
          if (answer.status === 200 && ancestors !== (stored ? `http://${stack.sim.domain}` : "'none'")) problems.push(`framed by ${ancestors}`);
          if (route === '/api/install' && answer.status !== 405) problems.push(`GET /api/install answered ${answer.status}`);
          if (problems.length > 0) throw new Error(`GET ${route}?${query} answered ${answer.status}:\n- ${problems.join('\n- ')}`);
        },
      ),
      { seed, numRuns: Math.ceil(100 * scale) },
    );
  });

  it('reads the form whatever the Content-Type says, or when there is none', async () => {
    for (const headers of [{} as Record<string, string>, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, { 'content-type': 'multipart/form-data; boundary=x' }]) {
      const form = stack.sim.sidebarForm({ dialogId: 'chat2' });
      const answer = await exchange('/api/placement', form.query, utf8(form.body), headers);
      expect({ headers, status: answer.status }).toEqual({ headers, status: 200 });
      expect(visibleText(answer.body)).toContain('General chat');
    }
  });

  it('opens the sidebar when fields it does not need carry invalid UTF-8 or NUL bytes', async () => {
    const form = stack.sim.sidebarForm({ dialogId: 'chat2' });
    const body = concat(utf8(form.body), utf8('&APP_SCOPE_X='), new Uint8Array([0xff, 0xfe, 0x00, 0xed, 0xa0, 0x80]), utf8('&status='), new Uint8Array([0xc0, 0xaf]));
    const answer = await exchange('/api/placement', form.query, body, formType);
    expect(answer.status).toBe(200);
  });

  it('refuses a malformed UTF-8 or NUL-bearing token, domain or dialog with 4xx, never 5xx', async () => {
    for (const [field, bytes] of [['AUTH_ID', [0xff]], ['member_id', [0x00]], ['PLACEMENT_OPTIONS', [0xed, 0xa0, 0x80]], ['APPLICATION_TOKEN', [0xc0, 0xaf]]] as const) {
      const form = stack.sim.sidebarForm({ dialogId: 'chat2' });
      const params = new URLSearchParams(form.body);
      const value = params.get(field) ?? '';
      params.delete(field);
      const body = concat(utf8(params.toString()), utf8(`&${field}=${encodeURIComponent(value.slice(0, 10))}`), new Uint8Array(bytes), utf8(encodeURIComponent(value.slice(10))));
      const answer = await exchange('/api/placement', form.query, body, formType);
      expect({ field, refused: answer.status >= 400 && answer.status < 500 }).toEqual({ field, refused: true });
    }
  });

  describe('body limits: 64 KB for Bitrix24 posts, 256 KB for sidebar actions', () => {
    /** A real form padded with a harmless field so that the whole body is exactly `bytes` long. */
    function paddedTo(body: string, bytes: number): Uint8Array {
      const head = `${body}&padding=`;
      return utf8(head + 'a'.repeat(bytes - Buffer.byteLength(head)));
    }
    const createBody = () => new URLSearchParams({ session, dialog: 'chat2', title: 'Over the limit', body: 'x' }).toString();

    it('accepts bodies of exactly the limit', async () => {
      const sidebar = stack.sim.sidebarForm({ dialogId: 'chat2' });
      expect((await exchange('/api/placement', sidebar.query, paddedTo(sidebar.body, bodyLimit), formType)).status).toBe(200);
      const before = await articlesInGeneralChat();
      expect((await exchange('/api/placement/create', '', paddedTo(createBody(), actionBodyLimit), formType)).status).toBe(200);
      expect(await articlesInGeneralChat()).toBe(before + 1);
    });

    it.each([
      ['the install page', '/api/install', () => stack.sim.installForm(), bodyLimit],
      ['an uninstall event', '/api/install', () => ({ query: '', body: stack.sim.eventForm('ONAPPUNINSTALL', { clean: true }) }), bodyLimit],
      ['the sidebar', '/api/placement', () => stack.sim.sidebarForm({ dialogId: 'chat2' }), bodyLimit],
      ['a new article', '/api/placement/create', () => ({ query: '', body: createBody() }), actionBodyLimit],
    ])('answers %s (%s) 413 one byte over the limit, with or without Content-Length, before acting on it', async (_what, route, form, limit) => {
      for (const chunked of [false, true]) {
        const { query, body } = form();
        const bytes = paddedTo(body, limit + 1);
        const articles = await articlesInGeneralChat();
        stack.sim.clearLogs();
        const answer = await exchange(route, query, bytes, formType, chunked);
        expect({ chunked, status: answer.status }).toEqual({ chunked, status: 413 });
        // Nothing was read out of it: no call to the portal or the OAuth server, nothing stored or deleted.
        expect(stack.sim.requestLog).toEqual([]);
        expect(await articlesInGeneralChat()).toBe(articles);
        expect(await isInstalled()).toBe(true); // the uninstall event was not acted on
      }
    });

    it('answers a body far over the limit, sent in many chunks, with 413', async () => {
      const chunk = utf8(`a=${'b'.repeat(16 * 1024)}&`);
      const answer = await rawPost(url('/api/placement/create'), { chunks: Array.from({ length: 40 }, () => chunk), headers: formType });
      expect(answer.status).toBe(413);
    });

    it('stops reading a chunked body at the limit: the 413 comes while the sender is still sending 64 MB', async () => {
      const planned = 64 * 1024 * 1024;
      const { status, sent } = await uploadUntilAnswered(url('/api/placement/create'), planned);
      expect(status).toBe(413);
      expect(sent).toBeLessThan(planned / 4);
    });
  });

  it('keeps tokens, secrets and sessions out of the host’s log through all of the above', () => {
    const log = hostLog.join('\n');
    expect(log).toContain('request.done'); // the host did log
    const leaked = [...rules.standingSecrets(), session].filter((secret) => log.includes(secret));
    expect(leaked).toEqual([]);
  });
});
