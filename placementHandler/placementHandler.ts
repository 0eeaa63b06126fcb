import { z } from 'zod';
import { bindApp } from '../shared/bindings';
import { AppError } from '../shared/errors';
import type { HttpHandler } from '@azure/functions';
import { toHttpHandler, type AppHandler, type LoadedHandler } from '../shared/functionsAdapter';
import { stringField } from '../shared/formFields';
import { pickLang, type Lang } from '../shared/i18n';
import { withInstallationToken } from '../shared/installationAuth';
import type { StoredInstallation } from '../shared/installationStore';
import { portalOrigin, type AppResponse } from '../shared/page';
import { handlerUrls } from '../shared/portalEndpoint';
import { batchCommand, type BatchAnswer } from '../shared/restClient';
import type { Runtime } from '../shared/runtime';
import { currentUserSchema, dialogIdSchema, dialogSchema, frameRequestSchema, placementListSchema, type FrameRequest } from '../shared/schemas';
import { sessionLifetimeSeconds, signSession, verifySession } from '../shared/session';
import { EtagMismatchError } from '../shared/tableStorage';
import { renderAppPage } from './appPage';
import { askAsVisitor } from './askAsVisitor';
import { chatKind, renderSidebarPage } from './sidebarPage';
import { trustedInstallation } from './trustedInstallation';

/** POST /api/placement[/<action>]: the IM_SIDEBAR frame, the app page, and the app page's actions. */
export function createPlacementHandler(runtime: Runtime): AppHandler {
  return async (request) => {
    const action = request.params.action;
    if (action === 'rebind') return rebind(runtime, stringField(request.fields, 'session'));
    if (action) throw new AppError('not_found', 'unknown action');

    const parsed = frameRequestSchema.safeParse(request.fields);
    if (!parsed.success) throw new AppError('bad_request', `frame fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const form = parsed.data;
    if (form.PLACEMENT === 'IM_SIDEBAR') return sidebar(runtime, form);
    if (form.PLACEMENT === 'DEFAULT') return appPage(runtime, form);
    throw new AppError('bad_request', 'unsupported PLACEMENT');
  };
}

async function sidebar(runtime: Runtime, form: FrameRequest): Promise<AppResponse> {
  const dialogId = dialogIdSchema.safeParse(form.PLACEMENT_OPTIONS.dialogId);
  if (!dialogId.success) throw new AppError('bad_request', 'PLACEMENT_OPTIONS.dialogId is missing or malformed');
  const { installation } = await trustedInstallation(runtime, form);
  const answer = await askAsVisitor(runtime, installation, form, {
    user: 'user.current',
    dialog: batchCommand('im.dialog.get', { DIALOG_ID: dialogId.data }),
  });
  const user = currentUserOf(answer);
  const dialogError = answer.errors.dialog;
  if (dialogError) {
    if (dialogError.code === 'ACCESS_ERROR' || dialogError.code === 'ACCESS_DENIED') throw new AppError('not_member', 'im.dialog.get refused');
    throw dialogError;
  }
  const dialog = dialogSchema.safeParse(answer.results.dialog);
  if (!dialog.success) throw new AppError('portal_error', 'im.dialog.get answered in an unknown shape');
  return renderSidebarPage({
    lang: pickLang(form.LANG),
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(installation.clientEndpoint),
    chat: { name: dialog.data.name, kind: chatKind(dialog.data, dialogId.data), memberCount: dialog.data.user_counter },
    user: { name: [user.NAME, user.LAST_NAME].filter(Boolean).join(' ') || `#${user.ID}` },
  });
}

async function appPage(runtime: Runtime, form: FrameRequest): Promise<AppResponse> {
  const stored = await trustedInstallation(runtime, form);
  const { installation } = stored;
  const answer = await askAsVisitor(runtime, installation, form, {
    user: 'user.current',
    admin: 'user.admin',
    placements: 'placement.get',
  });
  const user = currentUserOf(answer);
  const lang = pickLang(form.LANG);
  const isAdmin = z.union([z.literal(true), z.literal('true'), z.literal('1')]).safeParse(answer.results.admin).success;
  return renderAppPage({
    lang,
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(installation.clientEndpoint),
    health: isAdmin
      ? {
          placementBound: answer.errors.placements ? answer.errors.placements.code : isBound(runtime, answer.results.placements),
          installedAt: installation.installedAt,
          session: signSession(runtime.config.sessionSecret, {
            memberId: installation.memberId,
            userId: user.ID,
            dialogId: '',
            isAdmin: true,
            lang,
            expiresAt: runtime.now() + sessionLifetimeSeconds,
          }),
        }
      : undefined,
  });
}

/** "Add the sidebar item again" from the app page: an admin's signed session, the installation's tokens. */
async function rebind(runtime: Runtime, token: string | undefined): Promise<AppResponse> {
  const session = verifySession(runtime.config.sessionSecret, token, runtime.now());
  if (!session) throw new AppError('invalid_auth', 'missing, forged or expired session');
  if (!session.isAdmin) throw new AppError('forbidden', 'rebind needs an admin session');
  const stored = await runtime.installations.get(session.memberId);
  if (!stored) throw new AppError('not_installed', 'installation gone');
  const updated = await withInstallationToken(runtime, stored, async (accessToken, current) => {
    await bindApp(runtime.rest, runtime.config, current.installation.clientEndpoint, accessToken);
    return markBound(runtime, current);
  });
  const lang: Lang = pickLang(session.lang);
  return renderAppPage({
    lang,
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(updated.installation.clientEndpoint),
    health: { placementBound: true, installedAt: updated.installation.installedAt, session: token ?? '', rebound: true },
  });
}

async function markBound(runtime: Runtime, stored: StoredInstallation): Promise<StoredInstallation> {
  let current = stored;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await runtime.installations.save({ ...current.installation, placementBound: true, updatedAt: new Date(runtime.now() * 1000).toISOString() }, current.etag);
    } catch (error) {
      if (!(error instanceof EtagMismatchError)) throw error;
      const latest = await runtime.installations.get(current.installation.memberId);
      if (!latest) throw new AppError('not_installed', 'installation gone');
      current = latest;
    }
  }
  throw new AppError('storage_unavailable', 'installation kept changing');
}

function currentUserOf(answer: BatchAnswer) {
  if (answer.errors.user) throw answer.errors.user;
  const user = currentUserSchema.safeParse(answer.results.user);
  if (!user.success) throw new AppError('portal_error', 'user.current answered in an unknown shape');
  return user.data;
}

function isBound(runtime: Runtime, placements: unknown): boolean {
  const list = placementListSchema.safeParse(placements);
  const handler = handlerUrls(runtime.config).placement;
  return list.success && list.data.some((item) => item.placement === 'IM_SIDEBAR' && item.handler === handler);
}

/** The placement function as the Functions host runs it (tests drive this with real HttpRequest objects). */
export function placementHttpHandler(load: () => LoadedHandler): HttpHandler {
  return toHttpHandler(load, { maxBodyBytes: 64 * 1024, errorFormat: () => 'html' });
}
