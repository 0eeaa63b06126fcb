import { AppError } from '../shared/errors';
import type { Installation } from '../shared/storage/installationStore';
import type { Tokens } from '../shared/bitrix24/oauthClient';
import { RestError, type BatchAnswer } from '../shared/bitrix24/restClient';
import { portalCallOptions, withPortal } from '../shared/storage/portalCalls';
import type { Runtime } from '../shared/runtime';
import type { FrameRequest } from '../shared/bitrix24/schemas';

export interface VisitorAnswer extends BatchAnswer {
  /** the portal's REST endpoint that answered: the stored one, or where the portal moved to */
  endpoint: string;
  /** The visitor's tokens that worked (refreshed ones if AUTH_ID had expired); no refresh token: none sent. */
  tokens: Tokens;
}

/**
 * One batch call to the stored portal endpoint with the visitor's own token: the portal itself confirms who
 * the user is and what they may see. An expired token is refreshed once through the configured OAuth
 * server with the visitor's REFRESH_ID, and the batch retried once.
 */
export function askAsVisitor(runtime: Runtime, installation: Installation, form: FrameRequest, commands: Record<string, string>): Promise<VisitorAnswer> {
  return withPortal(runtime, installation.memberId, () => ask(runtime, installation, form, commands));
}

async function ask(runtime: Runtime, installation: Installation, form: FrameRequest, commands: Record<string, string>): Promise<VisitorAnswer> {
  // Only reads: a busy portal is retried within the budget.
  const recordMove = portalCallOptions(runtime, installation.memberId, true);
  let endpoint = installation.clientEndpoint;
  const options = {
    ...recordMove,
    onMoved: async (moved: string) => {
      endpoint = moved;
      await recordMove.onMoved?.(moved);
    },
  };
  try {
    const answer = await runtime.rest.batch(installation.clientEndpoint, commands, form.AUTH_ID, options);
    return { ...answer, endpoint, tokens: { accessToken: form.AUTH_ID, refreshToken: form.REFRESH_ID ?? '', expiresAt: runtime.now() + form.AUTH_EXPIRES } };
  } catch (error) {
    if (!(error instanceof RestError) || error.code !== 'expired_token') throw error;
    if (!form.REFRESH_ID) throw new AppError('invalid_auth', 'expired token and no REFRESH_ID', { cause: error });
    const tokens = await runtime.oauth.refresh(form.REFRESH_ID, runtime.now());
    if (tokens.memberId && tokens.memberId !== installation.memberId) {
      throw new AppError('invalid_auth', 'token endpoint answered for another portal');
    }
    const answer = await runtime.rest.batch(installation.clientEndpoint, commands, tokens.accessToken, options);
    return { ...answer, endpoint, tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt } };
  }
}
