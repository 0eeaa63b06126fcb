import type { Article } from '../shared/storage/articleStore';
import { isAppError } from '../shared/errors';
import { portalCallOptions, withPortal } from '../shared/storage/portalCalls';
import { PortalBusyError, RestError, RestUnavailableError } from '../shared/bitrix24/restClient';
import type { Runtime } from '../shared/runtime';
import { withStoredTokens } from '../shared/storage/tokenLineage';
import { articleCard } from './articleCard';
import type { Notice, SidebarContext } from './views/sidebarLayout';
import { translatorOf } from './views/sidebarLayout';

/**
 * Posts the article into the chat as the user, as a card (articleCard), in one `im.message.add` with their
 * stored tokens (refreshed when the portal says they expired). Only the app's own formatting is markup: what
 * the user wrote is neutralised in the message and in every block of the card. A message is never sent
 * twice: a failure is reported, not retried blindly.
 */
export async function postArticle(runtime: Runtime, context: SidebarContext, article: Article): Promise<Notice> {
  const { t, day } = translatorOf(context);
  const { session } = context;
  const stored = await runtime.installations.get(session.memberId);
  if (!stored) return { kind: 'bad', text: t('kb.postFailedAuth') };
  const { installation } = stored;
  const card = articleCard(article, t, day, { id: session.chatId, kind: session.chatKind });
  try {
    // A write: never repeated when the portal is busy, only after a refused (expired) token.
    const options = portalCallOptions(runtime, installation, false);
    await withPortal(runtime, session.memberId, () =>
      withStoredTokens(runtime, runtime.userTokens.lineage(session.memberId, session.userId), installation, (accessToken) =>
        runtime.rest.call(installation.clientEndpoint, 'im.message.add', { DIALOG_ID: session.dialogId, ...card }, accessToken, options),
      ),
    );
  } catch (error) {
    if (error instanceof PortalBusyError) return { kind: 'bad', text: t('kb.postFailedBusy') };
    if (error instanceof RestUnavailableError) return { kind: 'bad', text: t('kb.postFailedUnavailable') };
    if (error instanceof RestError) {
      const authFailure = ['invalid_token', 'expired_token', 'invalid_grant', 'NO_AUTH_FOUND'].includes(error.code);
      return { kind: 'bad', text: authFailure ? t('kb.postFailedAuth') : t('kb.postFailedDenied', { code: error.code }) };
    }
    if (isAppError(error) && (error.code === 'invalid_auth' || error.code === 'needs_reopen')) return { kind: 'bad', text: t('kb.postFailedAuth') };
    if (isAppError(error) && error.code === 'portal_unavailable') return { kind: 'bad', text: t('kb.postFailedUnavailable') };
    throw error;
  }
  return { kind: 'ok', text: t('kb.posted') };
}
