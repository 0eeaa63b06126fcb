import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatMessageCommand, chatMessageFrom } from '../../../shared/bitrix24/chatMessage';
import { parseFields } from '../../../shared/bitrix24/formFields';
import { createHttpClient } from '../../../shared/bitrix24/httpClient';
import { createRestClient } from '../../../shared/bitrix24/restClient';
import { frameRequestSchema, messageMenuTarget, type FrameRequest } from '../../../shared/bitrix24/schemas';
import { AppError } from '../../../shared/errors';
import { httpFixture, jsonFixture } from '../../support/fixtures';

/** A portal's REST endpoint on 127.0.0.1 that answers every call with `answer` and keeps what it received. */
async function startPortal(answer: { status: number; body: unknown }) {
  const received: { path: string; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text || '{}') as Record<string, unknown> });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/`;
  return { endpoint, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const rest = createRestClient({ http: createHttpClient(), timeoutMs: 4000, allowHttp: true, policy: { allowLoopback: true } });
const docsAnswer = jsonFixture('rest-dialog-messages.docs.json') as { result: { messages: Record<string, unknown>[] } };
const withMessage = (changes: Record<string, unknown>) => ({
  ...docsAnswer,
  result: { ...docsAnswer.result, messages: [{ ...docsAnswer.result.messages[0], ...changes }] },
});

/**
 * The portal's batch answer holding `answer` as the answer to one command, `message`: its result, or its
 * error as a batch reports one (the batch itself succeeds).
 */
function asBatch(answer: { status: number; body: unknown }): { status: number; body: unknown } {
  const body = answer.body as { result?: unknown };
  return answer.status === 200
    ? { status: 200, body: { result: { result: { message: body.result }, result_error: [] } } }
    : { status: 200, body: { result: { result: [], result_error: { message: answer.body } } } };
}

/** Reads the message the way the message menu does: one command of a batch with the user's token, then its answer. */
async function read(answer: { status: number; body: unknown }, target = { dialogId: 'chat1489', messageId: '84877' }) {
  const portal = await startPortal(asBatch(answer));
  try {
    const message = await rest
      .batch(portal.endpoint, { message: chatMessageCommand(target) }, 'user-token-0001')
      .then((batch) => chatMessageFrom(batch.results.message, batch.errors.message, target))
      .catch((error: unknown) => error);
    const received = portal.received.map(({ path, body }) => ({ path, command: decodeURIComponent(String((body.cmd as Record<string, unknown>)?.message)), auth: body.auth }));
    return { message, received };
  } finally {
    await portal.close();
  }
}

const codeOf = (error: unknown) => (error instanceof AppError ? error.code : String(error));

describe('reading one chat message with the user’s token', () => {
  it('asks im.dialog.messages.get (in a batch) for the message just below the next id, one only, token in the body, and reads the docs’ answer', async () => {
    const { message, received } = await read({ status: 200, body: docsAnswer });
    expect(received).toEqual([{ path: '/rest/batch', command: 'im.dialog.messages.get?DIALOG_ID=chat1489&LAST_ID=84878&LIMIT=1', auth: 'user-token-0001' }]);
    expect(message).toEqual({
      id: '84877',
      dialogId: 'chat1489',
      chatId: 1489,
      authorId: 503,
      authorName: 'Maria Ivanova',
      date: '2026-03-04T09:43:26+03:00',
      text: 'We are very happy to have you!',
    });
  });

  it('counts the next id without losing digits, however long the id', async () => {
    const { received } = await read({ status: 200, body: docsAnswer }, { dialogId: '17', messageId: '999999999999999999' });
    expect(received[0]?.command).toBe('im.dialog.messages.get?DIALOG_ID=17&LAST_ID=1000000000000000000&LIMIT=1');
  });

  it('passes on nothing of another message: a different id, none at all, or a deleted one is “not found”', async () => {
    expect(codeOf((await read({ status: 200, body: withMessage({ id: 84876 }) })).message)).toBe('message_not_found');
    expect(codeOf((await read({ status: 200, body: { result: { chat_id: 1489, messages: [], users: [], files: [] } } })).message)).toBe('message_not_found');
    expect(codeOf((await read({ status: 200, body: withMessage({ params: { IS_DELETED: 'Y' }, text: '' }) })).message)).toBe('message_not_found');
  });

  it('takes the portal’s refusal of a non-member as “not a member”, and an unknown answer as a portal error', async () => {
    expect(codeOf((await read({ status: 403, body: jsonFixture('rest-dialog-access-error.json') })).message)).toBe('not_member');
    expect(codeOf((await read({ status: 200, body: { result: { messages: 'nope' } } })).message)).toBe('portal_error');
  });

  it('names a system message’s author as nobody and accepts users sent as a map', async () => {
    const { message } = await read({ status: 200, body: { result: { ...withMessage({ author_id: 0 }).result, users: { 503: { id: 503, name: 'Maria Ivanova' } } } } });
    expect(message).toMatchObject({ authorId: 0, authorName: '' });
    const named = await read({ status: 200, body: { result: { ...docsAnswer.result, users: { 503: { id: 503, name: 'Maria Ivanova' } } } } });
    expect(named.message).toMatchObject({ authorName: 'Maria Ivanova' });
  });
});

describe('the message menu’s request (PLACEMENT=IM_CONTEXT_MENU)', () => {
  const docs = httpFixture('im-context-menu.docs.http');
  const form = (options: unknown): FrameRequest => {
    const fields = parseFields(docs.query, docs.body);
    return frameRequestSchema.parse({ ...fields, PLACEMENT_OPTIONS: typeof options === 'string' ? options : JSON.stringify(options) });
  };

  it('names the message and the dialog of the documented sample', () => {
    const fields = parseFields(docs.query, docs.body);
    expect(messageMenuTarget(frameRequestSchema.parse(fields))).toEqual({ messageId: '2431', dialogId: 'chat2' });
    expect(messageMenuTarget(form({ messageId: '7', dialogId: '12' }))).toEqual({ messageId: '7', dialogId: '12' });
    expect(messageMenuTarget(form({ messageId: 7, dialogId: 'sg3' }))).toEqual({ messageId: '7', dialogId: 'sg3' });
  });

  it.each([
    ['no options', 'undefined'],
    ['no message id', { dialogId: 'chat2' }],
    ['no dialog id', { messageId: '2431' }],
    ['letters', { messageId: 'abc', dialogId: 'chat2' }],
    ['zero', { messageId: '0', dialogId: 'chat2' }],
    ['a sign', { messageId: '-5', dialogId: 'chat2' }],
    ['an exponent', { messageId: '1e3', dialogId: 'chat2' }],
    ['white space', { messageId: '2431 ', dialogId: 'chat2' }],
    ['full-width digits', { messageId: '２４３１', dialogId: 'chat2' }],
    ['too many digits', { messageId: '1'.repeat(19), dialogId: 'chat2' }],
    ['a fraction', { messageId: 12.5, dialogId: 'chat2' }],
    ['an array', { messageId: ['2431'], dialogId: 'chat2' }],
    ['a malformed dialog', { messageId: '2431', dialogId: 'chat2; drop' }],
  ])('is a bad request with %s', (_name, options) => {
    expect(() => messageMenuTarget(form(options))).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});
