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
import type { Tokens } from '../shared/bitrix24/oauthClient';
import { EtagMismatchError } from '../shared/storage/tableStorage';
import { withStoredTokens } from '../shared/storage/tokenLineage';
import { askAsVisitor } from './askAsVisitor';
import { currentUserOf, displayName } from './currentUser';
import { trustedInstallation } from './trustedInstallation';
import { currentInstallation } from './writeChecks';
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
  const repaired = isAdmin && installation.status !== 'active' && answer.tokens.refreshToken !== '' && (await renew(runtime, installation.memberId, user.ID, answer.tokens));
  // The admin's own tokens, so that "bind again" can ask the portal whether they are still an admin.
  if (isAdmin && answer.tokens.refreshToken) await runtime.userTokens.keepNewest(installation.memberId, user.ID, answer.tokens);
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

/**
 * Stores the admin's fresh tokens as the installation's and makes it active again, unless the row changed
 * meanwhile or is uninstalled (final). Whether it did.
 */
async function renew(runtime: Runtime, memberId: string, userId: string, tokens: Tokens): Promise<boolean> {
  const current = await runtime.installations.get(memberId, { fresh: true });
  if (!current || current.installation.status === 'uninstalled') return false;
  try {
    await runtime.installations.save(
      { ...current.installation, ...tokens, userId, status: 'active', statusReason: '', updatedAt: new Date(runtime.nowMs()).toISOString() },
      current.etag,
    );
    return true;
  } catch (error) {
    // Someone wrote meanwhile (a refresh, an uninstall): theirs stands.
    if (error instanceof EtagMismatchError) return false;
    throw error;
  }
}

/**
 * "Add the sidebar item again" from the app page: an admin's signed session, confirmed at that moment by the
 * portal (one batch with the admin's own stored tokens: still this user, still an admin); the installation's
 * tokens do the binding.
 */
export async function rebind(runtime: Runtime, token: string | undefined): Promise<AppResponse> {
  const session = verifySession(runtime.config.sessionSecret, token, runtime.now());
  if (!session) throw new AppError('invalid_session', 'missing, forged or expired session');
  if (!session.isAdmin) throw new AppError('forbidden', 'rebind needs an admin session');
  const { installation } = await currentInstallation(runtime, session);
  const answer = await withPortal(runtime, session.memberId, () =>
    withStoredTokens(runtime, runtime.userTokens.lineage(session.memberId, session.userId), installation, (accessToken) =>
      runtime.rest.batch(installation.clientEndpoint, { user: 'user.current', admin: 'user.admin' }, accessToken, portalCallOptions(runtime, installation, true)),
    ),
  );
  if (currentUserOf(answer).ID !== session.userId || !isTrue.safeParse(answer.results.admin).success) {
    throw new AppError('forbidden', 'rebind: the portal no longer says this user is an admin');
  }
  await withPortal(runtime, session.memberId, () =>
    withInstallationToken(runtime, installation, (accessToken) =>
      bindApp(runtime.rest, runtime.config, installation.clientEndpoint, accessToken, portalCallOptions(runtime, installation, false)),
    ),
  );
  await runtime.installations.markBound(session.memberId);
  return renderAppPage({
    lang: pickLang(session.lang),
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(installation),
    health: { placementBound: true, access: 'ok', installedAt: installation.installedAt, session: token ?? '', rebound: true },
  });
}

function isBound(runtime: Runtime, placements: unknown): boolean {
  const list = placementListSchema.safeParse(placements);
  const handler = handlerUrls(runtime.config).placement;
  return list.success && list.data.some((item) => item.placement === 'IM_SIDEBAR' && item.handler === handler);
}
