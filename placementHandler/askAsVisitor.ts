import { AppError } from '../shared/errors';
import type { Installation } from '../shared/storage/installationStore';
import type { Tokens } from '../shared/bitrix24/oauthClient';
import { restEndpointOf } from '../shared/bitrix24/portalEndpoint';
import { RestError, type BatchAnswer } from '../shared/bitrix24/restClient';
import { portalCallOptions, recordEndpoint, withPortal } from '../shared/storage/portalCalls';
import type { Runtime } from '../shared/runtime';
import type { FrameRequest } from '../shared/bitrix24/schemas';

/** Where a portal answers: its domain (what frames the app) and its REST endpoint. */
export interface PortalAddress {
  domain: string;
  clientEndpoint: string;
}

export interface VisitorAnswer extends BatchAnswer {
  /** the portal as it answered: the stored address, or where it moved to (confirmed) */
  portal: PortalAddress;
  /**
   * The visitor's tokens that worked (refreshed ones if AUTH_ID had expired). No refresh token: none to keep
   * (none sent, or another open of the same frame refreshed and kept it).
   */
  tokens: Tokens;
}

/**
 * One batch call to the stored portal endpoint with the visitor's own token: the portal itself confirms who
 * the user is and what they may see. An expired token is refreshed once through the portal's own OAuth server
 * with the visitor's REFRESH_ID (once across instances, however many opens bring it), and the batch retried once.
 */
export function askAsVisitor(runtime: Runtime, installation: Installation, form: FrameRequest, commands: Record<string, string>): Promise<VisitorAnswer> {
  return withPortal(runtime, installation.memberId, () => ask(runtime, installation, form, commands));
}

async function ask(runtime: Runtime, installation: Installation, form: FrameRequest, commands: Record<string, string>): Promise<VisitorAnswer> {
  let portal: PortalAddress = { domain: installation.domain, clientEndpoint: installation.clientEndpoint };
  // Only reads: a busy portal is retried within the budget.
  const options = portalCallOptions(runtime, installation, true, (clientEndpoint, domain) => {
    portal = { domain, clientEndpoint };
  });
  try {
    const answer = await runtime.rest.batch(portal.clientEndpoint, commands, form.AUTH_ID, options);
    return { ...answer, portal, tokens: { accessToken: form.AUTH_ID, refreshToken: form.REFRESH_ID ?? '', expiresAt: runtime.now() + form.AUTH_EXPIRES } };
  } catch (error) {
    if (!(error instanceof RestError) || error.code !== 'expired_token') throw error;
    if (!form.REFRESH_ID) throw new AppError('invalid_auth', 'expired token and no REFRESH_ID', { cause: error });
    const refreshToken = form.REFRESH_ID;
    const tokens = await runtime.visitorRefreshes.refreshOnce(installation.memberId, refreshToken, () =>
      runtime.oauth.refresh(installation.oauthUrl, refreshToken, runtime.now(), installation.memberId),
    );
    // The OAuth server says where the portal's REST API is: a trusted answer.
    const reported = restEndpointOf(tokens.answer?.clientEndpoint, runtime.config.allowHttp);
    if (reported && reported !== portal.clientEndpoint) {
      await recordEndpoint(runtime, installation.memberId, { clientEndpoint: reported });
      portal = { ...portal, clientEndpoint: reported };
    }
    const answer = await runtime.rest.batch(portal.clientEndpoint, commands, tokens.accessToken, options);
    return { ...answer, portal, tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt } };
  }
}
