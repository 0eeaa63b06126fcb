import { z } from 'zod';
import { bindApp } from '../shared/bitrix24/bindings';
import { AppError } from '../shared/errors';
import { pickLang } from '../shared/i18n';
import { withInstallationToken } from '../shared/storage/installationAuth';
import { portalOrigin, type AppResponse } from '../shared/web/page';
import { portalCallOptions, withPortal } from '../shared/storage/portalCalls';
import { handlerUrls } from '../shared/bitrix24/portalEndpoint';
import type { Runtime } from '../shared/runtime';
import { placementListSchema, type FrameRequest } from '../shared/bitrix24/schemas';
import { sessionLifetimeSeconds, signSession, verifySession } from '../shared/web/session';
import { askAsVisitor } from './askAsVisitor';
import { currentUserOf, displayName } from './currentUser';
import { trustedInstallation } from './trustedInstallation';
import { renderAppPage } from './views/appPage';

const isTrue = z.union([z.literal(true), z.literal('true'), z.literal('1')]);

/** The app page (PLACEMENT=DEFAULT): what the app does; for admins its health, checked in the same batch. */
export async function appPage(runtime: Runtime, form: FrameRequest): Promise<AppResponse> {
  const { installation } = await trustedInstallation(runtime, form);
  const answer = await askAsVisitor(runtime, installation, form, {
    user: 'user.current',
    admin: 'user.admin',
    placements: 'placement.get',
  });
  const user = currentUserOf(answer);
  const lang = pickLang(form.LANG);
  const isAdmin = isTrue.safeParse(answer.results.admin).success;
  // An admin opening the app renews an installation whose stored access stopped working.
  const repaired = isAdmin && installation.status !== 'active' && answer.tokens.refreshToken !== '';
  if (repaired) {
    const current = await runtime.installations.get(installation.memberId, { fresh: true });
    if (current) {
      await runtime.installations.save(
        { ...current.installation, ...answer.tokens, userId: user.ID, status: 'active', statusReason: '', updatedAt: new Date(runtime.nowMs()).toISOString() },
        current.etag,
      );
    }
  }
  return renderAppPage({
    lang,
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(answer.portal),
    health: isAdmin
      ? {
          placementBound: answer.errors.placements ? answer.errors.placements.code : isBound(runtime, answer.results.placements),
          access: repaired ? 'repaired' : installation.status === 'active' ? 'ok' : 'needs_reopen',
          installedAt: installation.installedAt,
          session: signSession(runtime.config.sessionSecret, {
            memberId: installation.memberId,
            userId: user.ID,
            userName: displayName(user),
            dialogId: '',
            chatId: 0,
            chatName: '',
            chatKind: '',
            canModerate: false,
            isAdmin: true,
            lang,
            installId: installation.installId,
            checkedAt: runtime.nowMs(),
            expiresAt: runtime.now() + sessionLifetimeSeconds,
          }),
        }
      : undefined,
  });
}

/** "Add the sidebar item again" from the app page: an admin's signed session, the installation's tokens. */
export async function rebind(runtime: Runtime, token: string | undefined): Promise<AppResponse> {
  const session = verifySession(runtime.config.sessionSecret, token, runtime.now());
  if (!session) throw new AppError('invalid_session', 'missing, forged or expired session');
  if (!session.isAdmin) throw new AppError('forbidden', 'rebind needs an admin session');
  const stored = await runtime.installations.get(session.memberId);
  if (!stored || stored.installation.status === 'uninstalled') throw new AppError('not_installed', 'installation gone');
  if (stored.installation.installId !== session.installId) throw new AppError('invalid_session', 'session from before the app was installed again');
  await withPortal(runtime, session.memberId, () =>
    withInstallationToken(runtime, stored.installation, (accessToken) =>
      bindApp(runtime.rest, runtime.config, stored.installation.clientEndpoint, accessToken, portalCallOptions(runtime, stored.installation, false)),
    ),
  );
  await runtime.installations.markBound(session.memberId);
  return renderAppPage({
    lang: pickLang(session.lang),
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(stored.installation),
    health: { placementBound: true, access: 'ok', installedAt: stored.installation.installedAt, session: token ?? '', rebound: true },
  });
}

function isBound(runtime: Runtime, placements: unknown): boolean {
  const list = placementListSchema.safeParse(placements);
  const handler = handlerUrls(runtime.config).placement;
  return list.success && list.data.some((item) => item.placement === 'IM_SIDEBAR' && item.handler === handler);
}
