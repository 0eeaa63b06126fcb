import { z } from 'zod';
import { secretsEqual } from '../shared/constantTime';
import { AppError } from '../shared/errors';
import type { FieldTree } from '../shared/bitrix24/formFields';
import type { HandlerContext } from '../shared/web/functionsAdapter';
import { textResponse, type AppResponse } from '../shared/web/page';
import { eventRequestSchema, type EventRequest } from '../shared/bitrix24/schemas';
import type { Runtime } from '../shared/runtime';
import { finishUninstall } from '../shared/storage/finishUninstall';
import { uninstallReasons, type StoredInstallation } from '../shared/storage/installationStore';
import { confirmedEndpoint, installCallOptions, installPortal, saveInstallation, verifyInstallClaim, type InstallClaim } from './installPortal';

/**
 * Server-to-server posts from Bitrix24 to the install URL: lifecycle events and script-only installs.
 * Every answer is short text; nothing is retried by Bitrix24, so nothing here depends on a retry.
 */
export function parseEvent(fields: FieldTree): EventRequest {
  const parsed = eventRequestSchema.safeParse(fields);
  if (!parsed.success) throw new AppError('bad_request', `event fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

export async function handleEvent(runtime: Runtime, request: EventRequest, context: HandlerContext): Promise<AppResponse> {
  const { auth } = request;
  switch (request.event) {
    case undefined:
      await installPortal(runtime, claimOf(request), auth.user_id);
      context.log.info('install.script_only', { memberId: auth.member_id });
      return textResponse(200, 'Installed.');
    case 'ONAPPINSTALL':
      await recordInstallEvent(runtime, request);
      context.log.info('event.install', { memberId: auth.member_id });
      return textResponse(200, 'OK');
    case 'ONAPPUNINSTALL': {
      const stored = await requireApplicationToken(runtime, request);
      // data[CLEAN]=1: the admin chose to delete the app's data (an earlier uninstall that chose it still
      // counts). Otherwise the articles stay for a reinstall; the users' tokens go either way.
      const clean = flag(request.data?.CLEAN) || stored.installation.statusReason === uninstallReasons.deleteData;
      // The installation is marked gone before anything is deleted, for good: from then on every write refuses
      // (and one already under way takes back what it wrote) and nothing makes it active again.
      await runtime.installations.markStatus(auth.member_id, 'uninstalled', clean ? uninstallReasons.deleteData : uninstallReasons.keepData);
      // If this fails midway, the mark stays and the next request or reinstall that meets it finishes.
      const outcome = await finishUninstall(runtime, auth.member_id);
      context.log.info('event.uninstall', { memberId: auth.member_id, clean, articles: outcome?.articles ?? 0, tokens: outcome?.tokens ?? 0 });
      return textResponse(200, 'OK');
    }
    default:
      await requireApplicationToken(runtime, request);
      context.log.info('event.ignored', { memberId: auth.member_id, event: request.event });
      return textResponse(200, 'Ignored.');
  }
}

function claimOf(request: EventRequest): InstallClaim {
  const { auth } = request;
  if (!auth.access_token) throw new AppError('bad_request', 'auth[access_token] is missing');
  return {
    domain: auth.domain,
    memberId: auth.member_id,
    secure: !auth.client_endpoint?.startsWith('http://'),
    accessToken: auth.access_token,
    refreshToken: auth.refresh_token,
    expiresIn: auth.expires_in ?? 3600,
    scope: auth.scope,
    appStatus: auth.status,
    applicationToken: auth.application_token,
    serverEndpoint: auth.server_endpoint,
    clientEndpoint: auth.client_endpoint,
  };
}

const isAdminSchema = z.union([z.boolean(), z.literal('true'), z.literal('1'), z.literal(1)]);

/**
 * ONAPPINSTALL delivers the application token that later proves uninstall events. Any user of the portal
 * holds a token app.info accepts, so the token must also belong to an admin (`user.admin`) before it may set
 * the application token, or a user could forge an uninstall afterwards.
 */
async function recordInstallEvent(runtime: Runtime, request: EventRequest): Promise<void> {
  const claim = claimOf(request);
  const verified = await verifyInstallClaim(runtime, claim);
  const confirmed = await confirmedEndpoint(runtime, claim, verified);
  let { endpoint } = confirmed;
  let { domain } = confirmed.claim;
  const options = installCallOptions(runtime, confirmed.claim, verified, (moved, movedDomain) => {
    endpoint = moved;
    domain = movedDomain;
  }, true);
  const isAdmin = isAdminSchema.safeParse(await runtime.rest.call(endpoint, 'user.admin', {}, confirmed.claim.accessToken, options));
  if (!isAdmin.success || isAdmin.data === false) throw new AppError('forbidden', 'ONAPPINSTALL token is not an admin’s');
  await saveInstallation(runtime, { ...confirmed.claim, domain }, endpoint, { ...verified, userId: verified.userId || request.auth.user_id || '' });
}

/** Events other than install must carry the application token stored for the portal (constant-time check). */
async function requireApplicationToken(runtime: Runtime, request: EventRequest): Promise<StoredInstallation> {
  // Deleting rests on this comparison: read the row itself, not another instance's cached copy.
  const stored = await runtime.installations.get(request.auth.member_id, { fresh: true });
  const expected = stored?.installation.applicationToken ?? '';
  const given = request.auth.application_token ?? '';
  const matches = secretsEqual(given, expected);
  if (!stored || expected === '' || !matches) throw new AppError('forbidden', 'application token does not match');
  return stored;
}

function flag(value: unknown): boolean {
  return value === 'Y' || value === '1' || value === 'true';
}
