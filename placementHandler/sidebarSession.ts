import { AppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import { portalOrigin } from '../shared/web/page';
import type { Runtime } from '../shared/runtime';
import { notInstalled } from './notInstalled';
import { verifySession } from '../shared/web/session';
import type { SidebarContext } from './views/sidebarLayout';

/**
 * A sidebar action's context from its signed session: missing, forged, expired, or for another dialog than
 * the form says is a 401 and changes nothing. The portal must still be installed, and installed under the
 * same installation the session was issued for: an uninstall ends every session issued before it.
 */
export async function sidebarSession(runtime: Runtime, fields: FieldTree): Promise<SidebarContext> {
  const token = stringField(fields, 'session');
  const session = verifySession(runtime.config.sessionSecret, token, runtime.now());
  if (!session || !session.dialogId || session.dialogId !== stringField(fields, 'dialog')) {
    throw new AppError('invalid_session', 'missing, forged, expired or other-dialog session');
  }
  const stored = await runtime.installations.get(session.memberId);
  if (!stored || stored.installation.status === 'uninstalled') throw await notInstalled(runtime, stored);
  if (!runtime.config.oauthUrls.includes(stored.installation.oauthUrl)) throw new AppError('unknown_oauth_server', 'the portal’s OAuth server is no longer allowed');
  if (stored.installation.installId !== session.installId) throw new AppError('invalid_session', 'session from before the app was installed again');
  return {
    session,
    sessionToken: token ?? '',
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(stored.installation),
    nowMs: runtime.nowMs(),
  };
}
