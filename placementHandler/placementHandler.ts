import type { HttpHandler } from '@azure/functions';
import { AppError } from '../shared/errors';
import { stringField } from '../shared/bitrix24/formFields';
import { toHttpHandler, type AppHandler, type LoadedHandler } from '../shared/web/functionsAdapter';
import type { Runtime } from '../shared/runtime';
import { frameRequestSchema } from '../shared/bitrix24/schemas';
import { openSidebar, type ConfirmedVisit } from './openSidebar';
import { VerifiedVisits } from '../shared/storage/verifiedVisits';
import { storedPortalPlace } from '../shared/web/storedPortalPlace';
import { sidebarErrorPlace } from './sidebarErrorPlace';
import { sidebarSession } from './sidebarSession';
import { freshContext, maxReadStalenessMs } from './writeChecks';

/**
 * What a sidebar open does not need, loaded on first use: a cold instance's first request is nearly always a
 * sidebar open, so it does not wait for the actions, the app page, the message menu and renewal to load
 * (require caches each module, so later requests pay nothing).
 */
const later = {
  actions: () => require('./knowledgeBaseActions') as typeof import('./knowledgeBaseActions'),
  appPage: () => require('./appPageActions') as typeof import('./appPageActions'),
  capture: () => require('./captureMessage') as typeof import('./captureMessage'),
  resume: () => require('./resumeSidebar') as typeof import('./resumeSidebar'),
};

/** A repeat open with the same token is served from memory at most this long after the portal confirmed it. */
export const verifiedVisitMs = maxReadStalenessMs;

/**
 * POST /api/placement[/<action>]: the IM_SIDEBAR frame, the app page, and the actions their forms post;
 * GET /api/placement/restore: where a page's history entry points (see resumeSidebar). Each tells the adapter
 * as early as it can where its error page would be shown, so that it is framed by the right portal only.
 */
export function createPlacementHandler(runtime: Runtime): AppHandler {
  // Repeat opens with the same token within a minute need no portal round trip (per instance).
  const visits = new VerifiedVisits<ConfirmedVisit>(verifiedVisitMs);
  return async (request, context) => {
    const action = request.params.action;
    const { fields } = request;
    if (request.method === 'GET') {
      if (action === 'restore') return later.resume().restorePage(runtime, fields);
      throw new AppError('not_found', 'only the restore page answers GET');
    }
    if (action === undefined || action === '') {
      context.placeErrors(storedPortalPlace(runtime, stringField(fields, 'member_id'), stringField(fields, 'LANG')));
      const parsed = frameRequestSchema.safeParse(fields);
      if (!parsed.success) throw new AppError('bad_request', `frame fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      if (parsed.data.PLACEMENT === 'IM_SIDEBAR') return openSidebar(runtime, parsed.data, visits);
      if (parsed.data.PLACEMENT === 'DEFAULT') return later.appPage().appPage(runtime, parsed.data);
      if (parsed.data.PLACEMENT === 'IM_CONTEXT_MENU') return later.capture().captureMessage(runtime, parsed.data);
      throw new AppError('bad_request', 'unsupported PLACEMENT');
    }
    if (action === 'resume') {
      context.placeErrors(storedPortalPlace(runtime, stringField(fields, 'member_id'), stringField(fields, 'LANG')));
      return later.resume().resumeSidebar(runtime, fields, visits);
    }
    context.placeErrors(sidebarErrorPlace(runtime, fields, action));
    if (action === 'rebind') return later.appPage().rebind(runtime, stringField(fields, 'session'));
    const { knowledgeBaseActions } = later.actions();
    const run = Object.hasOwn(knowledgeBaseActions, action) ? knowledgeBaseActions[action] : undefined;
    if (!run) throw new AppError('not_found', 'unknown action');
    // Reads are never more than a minute behind the portal; writes ask it themselves (writeChecks.ts).
    return run(runtime, await freshContext(runtime, await sidebarSession(runtime, fields)), fields);
  };
}

/** Bitrix24's own posts are small; article forms carry up to 20,000 characters (up to 6 bytes each, encoded). */
export const maxFramePostBytes = 64 * 1024;
export const maxActionPostBytes = 256 * 1024;

/** The placement function as the Functions host runs it (tests drive this with real HttpRequest objects). */
export function placementHttpHandler(load: () => LoadedHandler): HttpHandler {
  return toHttpHandler(load, {
    maxBodyBytes: (params) => (params.action ? maxActionPostBytes : maxFramePostBytes),
    errorFormat: () => 'html',
  });
}
