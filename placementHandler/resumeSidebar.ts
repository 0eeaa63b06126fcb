import { AppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import { frameRequestSchema, memberIdSchema } from '../shared/bitrix24/schemas';
import { pickLang } from '../shared/i18n';
import type { Runtime } from '../shared/runtime';
import type { VerifiedVisits } from '../shared/storage/verifiedVisits';
import { portalOrigin, type AppResponse } from '../shared/web/page';
import { authenticSession } from './authenticSession';
import { knowledgeBaseActions, writingActions } from './knowledgeBaseActions';
import { openSidebar, type ConfirmedVisit } from './openSidebar';
import { renderRestorePage } from './views/resumeForm';

/**
 * POST /api/placement/resume: a sidebar page comes back with a fresh token from BX24 and the portal's frame
 * fields, because its session ended (`then` is the action the user sent, with what the form carried) or
 * because the browser went back to it (`then` is the view it showed). It is verified exactly like an open
 * (the stored portal, then one batch that confirms user and chat), and then shows that view or carries on
 * with that action. An action that writes carries the session it was first sent with: the fresh token must
 * be the same user's in the same chat, so that what one user typed is never sent as another's.
 */
export async function resumeSidebar(runtime: Runtime, fields: FieldTree, visits: VerifiedVisits<ConfirmedVisit>): Promise<AppResponse> {
  const then = stringField(fields, 'then') ?? 'list';
  const run = Object.hasOwn(knowledgeBaseActions, then) ? knowledgeBaseActions[then] : undefined;
  if (!run) throw new AppError('bad_request', 'unknown action to resume');
  // No token: the page could not get one from BX24 (no JavaScript, no library).
  if (!stringField(fields, 'AUTH_ID')) throw new AppError('invalid_session', 'resume without a fresh token');
  const parsed = frameRequestSchema.safeParse(fields);
  if (!parsed.success || parsed.data.PLACEMENT !== 'IM_SIDEBAR') throw new AppError('bad_request', 'resume without the frame fields');
  const earlier = authenticSession(runtime, stringField(fields, 'session'));
  if (writingActions.has(then) && !earlier) throw new AppError('invalid_session', 'a write resumed without the session it was sent with');
  return openSidebar(runtime, parsed.data, visits, async (context) => {
    const { session } = context;
    // The same user in the same chat of the same installation: an uninstall ends sessions for good.
    const same =
      earlier &&
      earlier.memberId === session.memberId &&
      earlier.installId === session.installId &&
      earlier.userId === session.userId &&
      earlier.dialogId === session.dialogId;
    if (writingActions.has(then) && !same) throw new AppError('invalid_session', 'a write resumed as another user or in another chat');
    return run(runtime, context, fields);
  });
}

/** GET /api/placement/restore?member=…&lang=…: see renderRestorePage. */
export async function restorePage(runtime: Runtime, fields: FieldTree): Promise<AppResponse> {
  const lang = pickLang(stringField(fields, 'lang'));
  const memberId = memberIdSchema.safeParse(stringField(fields, 'member'));
  const stored = memberId.success ? await runtime.installations.get(memberId.data) : null;
  const installation = stored?.installation ?? null;
  return renderRestorePage(installation, lang, runtime.config.bx24ScriptUrl, installation ? portalOrigin(installation) : undefined);
}
