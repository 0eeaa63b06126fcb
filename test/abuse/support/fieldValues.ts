import fc from 'fast-check';
import { encode } from './wireForm';

// The values the form mutations put on the wire: generic ones (any text, raw or encoded, bad escapes,
// tokens, JSON), field names, values aimed at one field (trap addresses, near-misses of real identifiers,
// other sessions, article text at its limits).

/** A raw value, or a long one written as a repetition so that a counterexample stays readable. */
export type WireValue = string | { head?: string; repeat: string; times: number };

export function wireText(value: WireValue): string {
  return typeof value === 'string' ? value : (value.head ?? '') + value.repeat.repeat(value.times);
}

/** What the generators aim at: trap servers, and the simulator's real identifiers to get close to. */
export interface MutationTargets {
  trapHosts: string[];
  simDomain: string;
  memberId: string;
  applicationToken: string;
  /** other valid values of the `session` field (other dialogs, users, the app page's admin session) */
  sessions: string[];
  /** ids of articles that exist (in this chat or another) */
  articleIds: string[];
}

/** Percent-escapes of bytes that are not UTF-8 (or are, but mean trouble): invalid, overlong, surrogate halves, NUL, CRLF. */
const invalidEscapes = ['%FF%FE', '%00', '%ED%A0%80', '%ED%B0%80', '%C0%AF', '%E2%82', '%F4%90%80%80', '%', '%G1', '%%', '%u0041', '%EF%BB%BF', '%0D%0A', '%C3%28'];

const anyText = fc.string({ unit: 'binary', maxLength: 24 });

/** A value as sent on the wire: encoded text, raw text (`&`, `=`, `%`, NUL, lone surrogates unescaped), bad escapes, tokens, JSON. */
export const wireValue: fc.Arbitrary<string> = fc.oneof(
  anyText.map(encode),
  anyText,
  fc.array(fc.oneof(fc.constantFrom(...invalidEscapes), fc.string({ unit: 'grapheme-ascii', maxLength: 3 }).map(encode)), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
  fc.stringMatching(/^[0-9a-f]{64,72}$/),
  fc.jsonValue({ maxDepth: 2 }).map((value) => encode(JSON.stringify(value))),
  fc.constantFrom('', '0', '-1', '1e309', 'NaN', 'undefined', 'null', 'true', '[]', '{}', '99999999999999999999', '%20', '+', '\u0000', '\uD800', '%ED%A0%80%ED%B0%80'),
);

const bracketKeys = [
  'auth', 'auth[access_token]', 'auth[refresh_token]', 'auth[application_token]', 'auth[domain]', 'auth[member_id]', 'auth[client_endpoint]',
  'auth[server_endpoint]', 'auth[expires_in]', 'auth[user_id]', 'auth[scope]', 'auth[status]', 'auth[access_token][x]', 'data', 'data[CLEAN]',
  'data[LANGUAGE_ID]', 'data[FIELDS][ID]', 'PLACEMENT_OPTIONS[dialogId]', 'PLACEMENT_OPTIONS[URI]', 'session[0]', '__proto__[polluted]',
  'constructor[prototype][polluted]', 'a[b][c][d][e][f][g][h]', '[x]', 'a[', 'a]]', 'a[]',
];

/** Field names the app reads (frame posts, events, sidebar forms) and names that trip naive parsers. */
const knownKeys = [
  'DOMAIN', 'PROTOCOL', 'LANG', 'APP_SID', 'AUTH_ID', 'AUTH_EXPIRES', 'REFRESH_ID', 'SERVER_ENDPOINT', 'APPLICATION_TOKEN', 'APPLICATION_SCOPE',
  'member_id', 'status', 'PLACEMENT', 'PLACEMENT_OPTIONS', 'event', 'event_handler_id', 'ts', 'session', 'dialog', 'id', 'etag', 'title', 'body', 'q',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', ...bracketKeys,
];

export const wireKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...knownKeys).chain((key) => fc.constantFrom(key, encode(key))) },
  { weight: 1, arbitrary: anyText.map(encode) },
  { weight: 1, arbitrary: anyText },
);

function dialogOptions(dialogId: unknown): string {
  return JSON.stringify({ dialogId, URI: '/online/' });
}

/** Values aimed at one field: trap addresses for hosts and endpoints, near-misses of the real identifiers. */
export function targetedValues(targets: MutationTargets): Record<string, fc.Arbitrary<WireValue>> {
  const hosts = [...targets.trapHosts, ...targets.trapHosts.map((host) => host.replace('127.0.0.1', 'localhost'))];
  const trapDomain = fc.constantFrom(
    ...hosts,
    targets.simDomain.toUpperCase(),
    `${targets.simDomain}.evil.example`,
    `${targets.simDomain}/rest/`,
    `user@${targets.trapHosts[0]}`,
    `${targets.trapHosts[0]}#`,
    'evil.example',
    '[::1]:80',
    '',
  ).map(encode);
  const trapEndpoint = fc.constantFrom(
    ...targets.trapHosts.flatMap((host) => [`http://${host}/rest/`, `https://${host}/rest/`, `http://${host}/`, `//${host}/rest/`]),
    // Addresses no portal may have, and a real OAuth region this deployment does not serve.
    'http://169.254.169.254/rest/',
    'https://10.0.0.1/rest/',
    'http://[fd00:ec2::254]/rest/',
    'http://168.63.129.16/rest/',
    'https://oauth.bitrix24.tech/rest/',
    'https://oauth.bitrix.info/rest/',
    `http://${targets.simDomain}@${targets.trapHosts[0]}/rest/`,
    `http://${targets.trapHosts[0]}#@${targets.simDomain}/rest/`,
    `http://${targets.trapHosts[0]}\\@${targets.simDomain}/rest/`,
    'javascript:alert(1)',
    'file:///etc/passwd',
  ).map(encode);
  const memberId = fc.oneof(
    fc.stringMatching(/^[0-9a-f]{32}$/),
    fc.constantFrom(targets.memberId.toUpperCase(), `${targets.memberId}0`, targets.memberId.slice(1), ' '.repeat(32), `${targets.memberId}%00`),
  );
  const applicationToken = fc.oneof(
    fc.stringMatching(/^[0-9a-f]{32}$/),
    fc.constantFrom('', `${targets.applicationToken.slice(0, -1)}0`, targets.applicationToken.toUpperCase(), `${targets.applicationToken}%00`, 'x'.repeat(129)),
  );
  const dialogId = fc.constantFrom<unknown>('chat2', 'chat5', 'sg7', '2', '3', '1', 'chat999', 'chat0', 'chat02', ' chat2', 'chat2\u0000', 'chat-1', 2, null, ['chat2'], { id: 2 });
  const placementOptions = fc.oneof(
    dialogId.map(dialogOptions),
    fc.constantFrom('[]', '"chat2"', 'null', 'undefined', '{', '{"dialogId":"chat2"', '{"__proto__":{"dialogId":"chat2"}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '{"dialogId":"chat2","URI":"http://evil.example/"}'),
    // the message menu's: a message of the dialog, of another one, none, and ids that are not ids
    fc.constantFrom('{"messageId":"202","dialogId":"chat2"}', '{"messageId":"211","dialogId":"chat2"}', '{"messageId":"99999999999999999","dialogId":"chat5"}', '{"messageId":"0","dialogId":"chat2"}', '{"messageId":"1e9","dialogId":"2"}', '{"messageId":202.5,"dialogId":"chat2"}'),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  ).map(encode);
  const session = fc.oneof(
    fc.constantFrom(...targets.sessions),
    fc.constantFrom(...targets.sessions).chain((token) =>
      fc.constantFrom(token.slice(0, -1), `${token}.x`, token.split('.')[0] ?? '', `${token.split('.')[0]}.${'A'.repeat(43)}`, token.replace(/^./, 'e'), `${token}%00`),
    ),
    fc.constantFrom('', '.', 'a.b', 'a'.repeat(3000), `${Buffer.from('{"expiresAt":99999999999}').toString('base64url')}.x`),
  );
  const articleId = fc.oneof(
    fc.constantFrom(...targets.articleIds, ''),
    fc.stringMatching(/^\d{13}[0-9a-f]{8}$/),
    fc.constantFrom("'", "0000000000000'or'1'eq'1", '../x', 'a/b', '%23', '%3F', '%00', '\u00e9'.repeat(21)),
  );
  const articleText = articleTexts.map((text): WireValue => (typeof text === 'string' ? encode(text) : { head: encode(text.head ?? ''), repeat: encode(text.repeat), times: text.times }));
  const etag = fc.constantFrom('', '*', '"', 'W/"x"', "W/\"datetime'2020-01-01T00%3A00%3A00Z'\"", '%0D%0AX-Injected:%201', '%E2%82%AC', '%C3%A9', '%00', 'x'.repeat(5000));
  return {
    DOMAIN: trapDomain,
    'auth[domain]': trapDomain,
    SERVER_ENDPOINT: trapEndpoint,
    'auth[server_endpoint]': trapEndpoint,
    'auth[client_endpoint]': trapEndpoint,
    member_id: memberId,
    'auth[member_id]': memberId,
    APPLICATION_TOKEN: applicationToken,
    'auth[application_token]': applicationToken,
    PLACEMENT_OPTIONS: placementOptions,
    PLACEMENT: fc.constantFrom('IM_SIDEBAR', 'DEFAULT', 'IM_CONTEXT_MENU', 'im_sidebar', 'CRM_DEAL_DETAIL_TAB', 'IM_SIDEBAR%00', ''),
    PROTOCOL: fc.constantFrom('0', '1', '2', '', '%200'),
    LANG: fc.constantFrom('en', 'ru', 'de', 'ua', 'DE', 'xx', 'a'.repeat(11), '%00'),
    event: fc.constantFrom('ONAPPINSTALL', 'ONAPPUNINSTALL', 'onappuninstall', 'ONCRMCONTACTADD', 'ON%00', ''),
    'data[CLEAN]': fc.constantFrom('1', 'Y', '0', 'true'),
    session,
    dialog: dialogId.map((value) => encode(String(value))),
    id: articleId.map(encode),
    etag,
    title: articleText,
    body: articleText,
  };
}

export function valueFor(key: string, targeted: Record<string, fc.Arbitrary<WireValue>>): fc.Arbitrary<WireValue> {
  let decoded = key;
  try {
    decoded = decodeURIComponent(key);
  } catch {
    // a key with a broken escape is nobody's field
  }
  const aimed = Object.hasOwn(targeted, decoded) ? targeted[decoded] : undefined;
  const generic: fc.Arbitrary<WireValue> = wireValue;
  return aimed ? fc.oneof({ weight: 3, arbitrary: aimed }, { weight: 1, arbitrary: generic }) : generic;
}

/** Article text, decoded; long text as a repetition (see WireValue). */
export type ArticleText = string | { head?: string; repeat: string; times: number };

export function articleText(text: ArticleText): string {
  return typeof text === 'string' ? text : (text.head ?? '') + text.repeat.repeat(text.times);
}

/**
 * What people type into an article: mostly short text in any script, sometimes text at or over the limits
 * (200 and 20,000 characters) in scripts of 1, 2 and 4 bytes, control characters, direction marks, markup.
 */
const typedText: fc.Arbitrary<ArticleText> = fc.string({ unit: 'grapheme', maxLength: 60 });
export const articleTexts: fc.Arbitrary<ArticleText> = fc.oneof(
  { weight: 6, arbitrary: typedText },
  {
    weight: 2,
    arbitrary: fc.constantFrom<ArticleText>(
      { repeat: 'x', times: 200 },
      { repeat: 'x', times: 201 },
      { repeat: '\u{1F600}', times: 200 },
      { repeat: 'ё', times: 20_000 },
      { repeat: 'a', times: 20_001 },
      { repeat: '\u{1F600}', times: 16_385 },
      { repeat: '\u{1F600}', times: 20_000 },
      // The largest bodies aimed at the text walkers (links, excerpts, chat markup): see test/support/hostileTexts.ts.
      { head: 'http://a', repeat: ')', times: 19_992 },
      { head: 'http://a', repeat: '(', times: 9_996 },
      { repeat: 'http://', times: 2_857 },
      { repeat: 'http:/', times: 3_333 },
      { head: 'https://a', repeat: '.,;:!?]}»”’', times: 1_817 },
      { repeat: '[URL=javascript:alert(1)]x[/URL]', times: 625 },
      { repeat: '[', times: 20_000 },
      { repeat: '>>\n', times: 6_666 },
      { repeat: '#BR#>>', times: 3_333 },
      { repeat: '-', times: 20_000 },
      { repeat: '**_~`#', times: 3_333 },
      { repeat: ' \n\t\u00a0', times: 5_000 },
      'Handbook[/B] [URL=javascript:alert(1)]Open[/URL] [USER=all]all[/USER] [SEND=/x]go[/SEND] [PUT=/x]x[/PUT] [CALL=1]c[/CALL] [CHAT=5]c[/CHAT] [ICON=i]',
      'a\u0000b\u0001\u001f\u007f',
      '\uFEFF\u202Eevil\u200B',
      '<script>alert(1)</script>"\'&',
      'x#br#>> quoted#BR#> also\n# Heading\n- item\n' + '-'.repeat(54) + '\n**bold** __under__ ~~gone~~ `code` https://example.com/a_b~c',
      // Markdown whose formatting becomes the card's markup: links, quotes, code and lists around hostile text.
      '> [USER=all]a[/USER]\n>> b\n```\n[/CODE][SEND=/x]go[/SEND]\n```\n[x](javascript:alert(1)) [y](https://a.example/*z*`w`) <https://b.example/a*b>\n- **[CALL=1]c[/CALL]**\n  1. #BR#>> x',
      { repeat: '> - 1. **[x](https://a.example/[USER=all])** ', times: 400 },
    ),
  },
);
