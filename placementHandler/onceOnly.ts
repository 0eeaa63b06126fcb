import { setTimeout as sleep } from 'node:timers/promises';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import { AppError } from '../shared/errors';
import type { Runtime } from '../shared/runtime';
import { formKeyPattern, type FormOutcome } from '../shared/storage/formKeyStore';
import type { AppResponse } from '../shared/web/page';
import type { SidebarContext } from './views/sidebarLayout';

export interface Acted {
  response: AppResponse;
  /** what the write produced; absent when nothing was written (refused, failed): the form may be sent again */
  outcome?: FormOutcome;
}

/** How long a second sending of a form waits for the first to finish (a double click), and how often it looks. */
export const repeatWaitMs = 8000;
const repeatPollMs = 150;

/**
 * Runs a sidebar write at most once per rendered form. The form's one-time key is claimed before acting;
 * the same form sent again (double click, reload, back and send again) waits for the first sending if it is
 * still at work and then shows what it did (`repeat`), without writing or posting again. `repeat` gets no
 * outcome when the first is still not done after the wait. A form rendered longer ago than keys are kept is
 * refused (the page says to open the sidebar again). A form without a key (from a page rendered before keys
 * existed) acts as before.
 */
export async function onceOnly(
  runtime: Runtime,
  context: SidebarContext,
  fields: FieldTree,
  action: string,
  act: () => Promise<Acted>,
  repeat: (outcome: FormOutcome | undefined) => Promise<AppResponse>,
): Promise<AppResponse> {
  const key = stringField(fields, 'key') ?? '';
  if (!formKeyPattern.test(key)) return (await act()).response;
  const chat = { memberId: context.session.memberId, chatId: context.session.chatId };
  const started = Date.now();
  for (;;) {
    const claim = await runtime.formKeys.claim(chat, key, action, context.session.userId, runtime.nowMs());
    if (claim.state === 'done') return repeat(claim.outcome);
    // Its key may be gone: acting could act twice. Opening the sidebar again gives fresh forms.
    if (claim.state === 'expired') throw new AppError('invalid_session', 'the form is older than its one-time key is kept');
    if (claim.state === 'claimed') break;
    if (Date.now() - started >= repeatWaitMs) return repeat(undefined);
    await sleep(repeatPollMs);
  }
  let acted: Acted;
  try {
    acted = await act();
  } catch (error) {
    await runtime.formKeys.release(chat, key, action).catch(() => undefined);
    throw error;
  }
  if (acted.outcome) await runtime.formKeys.finish(chat, key, action, acted.outcome);
  else await runtime.formKeys.release(chat, key, action);
  return acted.response;
}
