import { secretsEqual } from '../shared/constantTime';
import { AppError } from '../shared/errors';
import { RestError } from '../shared/bitrix24/restClient';
import type { StoredInstallation } from '../shared/storage/installationStore';
import { recordEndpoint } from '../shared/storage/portalCalls';
import type { Runtime } from '../shared/runtime';
import { notInstalled } from './notInstalled';
import type { FrameRequest } from '../shared/bitrix24/schemas';

/**
 * The stored installation a frame request claims to come from, after the checks that need no portal call:
 * the portal must be installed, an APPLICATION_TOKEN, when sent, must equal the stored one, and the domain
 * must be the stored one, or one the portal's OAuth server confirms it was renamed to. From here on only
 * stored endpoints are called, never DOMAIN or SERVER_ENDPOINT.
 */
export async function trustedInstallation(runtime: Runtime, form: FrameRequest): Promise<StoredInstallation> {
  const stored = await runtime.installations.get(form.member_id);
  if (!stored || stored.installation.status === 'uninstalled') throw await notInstalled(runtime, stored);
  const { installation } = stored;
  // A region the operator no longer serves: nothing is sent to its portals or their OAuth server.
  if (!runtime.config.oauthUrls.includes(installation.oauthUrl)) throw new AppError('unknown_oauth_server', 'the portal’s OAuth server is no longer allowed');
  if (form.APPLICATION_TOKEN !== undefined && installation.applicationToken !== '') {
    if (!secretsEqual(form.APPLICATION_TOKEN, installation.applicationToken)) {
      throw new AppError('forbidden', 'APPLICATION_TOKEN differs from the stored one');
    }
  }
  if (installation.domain !== form.DOMAIN) return confirmRename(runtime, stored, form);
  return stored;
}

/**
 * A renamed portal posts its new DOMAIN. It is taken only when the portal's own OAuth server, asked with the
 * request's token, says that this token's portal (same member id, this app) has that domain now; then the
 * domain is recorded, and the REST endpoint with it when it was on the old domain.
 */
async function confirmRename(runtime: Runtime, stored: StoredInstallation, form: FrameRequest): Promise<StoredInstallation> {
  const { installation } = stored;
  let info;
  try {
    info = await runtime.oauth.appInfo(installation.oauthUrl, form.AUTH_ID);
  } catch (error) {
    if (error instanceof RestError) throw new AppError('forbidden', 'DOMAIN differs from the stored domain', { cause: error });
    throw error;
  }
  if (info.clientId !== runtime.config.clientId || info.memberId !== installation.memberId || info.domain !== form.DOMAIN) {
    throw new AppError('forbidden', 'DOMAIN differs from the stored domain');
  }
  const endpoint = new URL(installation.clientEndpoint);
  const clientEndpoint = endpoint.host === installation.domain ? `${endpoint.protocol}//${form.DOMAIN}${endpoint.pathname}` : installation.clientEndpoint;
  await recordEndpoint(runtime, installation.memberId, { clientEndpoint, domain: form.DOMAIN });
  const renamed = await runtime.installations.get(installation.memberId, { fresh: true });
  if (!renamed || renamed.installation.domain !== form.DOMAIN) throw new AppError('forbidden', 'DOMAIN differs from the stored domain');
  return renamed;
}
