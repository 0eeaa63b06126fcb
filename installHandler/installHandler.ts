import { AppError, isAppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { HttpHandler } from '@azure/functions';
import { toHttpHandler, type AppHandler, type LoadedHandler } from '../shared/web/functionsAdapter';
import { pickLang } from '../shared/i18n';
import { RestError, RestUnavailableError } from '../shared/bitrix24/restClient';
import type { Runtime } from '../shared/runtime';
import { frameRequestSchema } from '../shared/bitrix24/schemas';
import { storedFrameAncestor, storedPortalPlace } from '../shared/web/storedPortalPlace';
import { installPortal } from './installPortal';
import { renderInstallPage, type InstallFailure } from './installPage';
import { handleEvent, parseEvent } from './lifecycleEvents';

/** Event-shaped posts (`event=...` or `auth[...]`) come from Bitrix24's servers; the rest from a browser frame. */
export function isServerPost(fields: FieldTree): boolean {
  return fields.event !== undefined || fields.auth !== undefined;
}

/** POST /api/install: the install page, script-only installs and lifecycle events. */
export function createInstallHandler(runtime: Runtime): AppHandler {
  return async (request, context) => {
    if (isServerPost(request.fields)) return handleEvent(runtime, parseEvent(request.fields), context);

    context.placeErrors(storedPortalPlace(runtime, stringField(request.fields, 'member_id'), stringField(request.fields, 'LANG')));
    const parsed = frameRequestSchema.safeParse(request.fields);
    if (!parsed.success) throw new AppError('bad_request', `install fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const form = parsed.data;
    const lang = pickLang(form.LANG);
    const secure = form.PROTOCOL === '1';
    // DOMAIN may frame the page once the OAuth server confirmed it is the token's portal (success, or a
    // failure that only comes after that); before, only the origin this deployment stored for the portal may.
    const verifiedOrigin = `${secure ? 'https' : 'http'}://${form.DOMAIN}`;
    const view = { lang, bx24ScriptUrl: runtime.config.bx24ScriptUrl, frameAncestor: verifiedOrigin };
    try {
      await installPortal(runtime, {
        domain: form.DOMAIN,
        memberId: form.member_id,
        secure,
        accessToken: form.AUTH_ID,
        refreshToken: form.REFRESH_ID,
        expiresIn: form.AUTH_EXPIRES,
        appStatus: form.status,
        applicationToken: form.APPLICATION_TOKEN,
        serverEndpoint: form.SERVER_ENDPOINT,
      });
    } catch (error) {
      const failure = installFailure(error);
      if (!failure) throw error;
      context.log.warn('install.failed', { memberId: form.member_id, reason: failure.reason, code: 'code' in failure ? failure.code : undefined });
      const afterVerification = failure.reason === 'bind' || failure.reason === 'storage';
      const frameAncestor = afterVerification ? verifiedOrigin : await storedFrameAncestor(runtime, form.member_id).catch(() => undefined);
      return renderInstallPage({ ...view, frameAncestor, failure });
    }
    context.log.info('install.done', { memberId: form.member_id });
    return renderInstallPage(view);
  };
}

function installFailure(error: unknown): InstallFailure | null {
  if (error instanceof RestUnavailableError) return { reason: 'unavailable' };
  if (error instanceof RestError) return { reason: 'bind', code: error.code };
  if (isAppError(error) && error.code === 'forbidden') return { reason: 'verify' };
  if (isAppError(error) && error.code === 'unknown_oauth_server') return { reason: 'oauth_server' };
  if (isAppError(error) && error.code === 'portal_moved') return { reason: 'moved' };
  if (isAppError(error) && error.code === 'storage_unavailable') return { reason: 'storage' };
  return null;
}

/** The install function as the Functions host runs it (tests drive this with real HttpRequest objects). */
export function installHttpHandler(load: () => LoadedHandler): HttpHandler {
  return toHttpHandler(load, { maxBodyBytes: 64 * 1024, errorFormat: (fields) => (isServerPost(fields) ? 'text' : 'html') });
}
