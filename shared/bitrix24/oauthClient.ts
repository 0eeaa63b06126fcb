import { z } from 'zod';
import { AppError } from '../errors';
import { HttpCallError, type HttpClient } from './httpClient';
import { RestError, RestUnavailableError, parseRestAnswer } from './restClient';
import { oauthAppInfoSchema, tokenAnswerSchema } from './schemas';

/** An OAuth token pair with an absolute expiry. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** unix seconds */
  expiresAt: number;
}

/** A refresh's answer: the new pair, and where the OAuth server says the portal's REST API is. */
export interface TokenAnswer extends Tokens {
  memberId: string;
  /** `client_endpoint` as the OAuth server reported it (unchecked shape; see trustedEndpoint) */
  clientEndpoint?: string;
}

export interface AppInfo {
  clientId: string;
  /** the user the token belongs to, when the OAuth server says */
  userId: string;
  domain: string;
  memberId: string;
}

/**
 * The OAuth servers (one per region). Every call names the server, which must be one of the allowed ones:
 * a server outside the list is refused before anything is sent.
 */
export interface OAuthClient {
  /** `app.info` on the OAuth server: who issued this access token, for which portal. */
  appInfo(server: string, accessToken: string): Promise<AppInfo>;
  /**
   * Trades a refresh token (single use) for a new pair. An answer for another portal than `memberId` is
   * refused (AppError invalid_auth): its tokens are never used.
   */
  refresh(server: string, refreshToken: string, now: number, memberId: string): Promise<TokenAnswer>;
}

export interface OAuthClientOptions {
  http: HttpClient;
  /** The allowed OAuth servers, each with a trailing slash (config.oauthUrls); requests never add one. */
  servers: readonly string[];
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  function allowed(server: string): string {
    if (!options.servers.includes(server)) throw new AppError('unknown_oauth_server', 'OAuth server not in BITRIX24_OAUTH_URL(S)');
    return server;
  }

  async function send<T>(target: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof HttpCallError) throw new RestUnavailableError(target, error.message, { cause: error });
      throw error;
    }
  }

  return {
    async appInfo(server, accessToken) {
      const url = `${allowed(server)}rest/app.info`;
      const answer = await send('app.info', () => options.http.postJson(url, { auth: accessToken }, { target: 'app.info', timeoutMs: options.timeoutMs }));
      const result = oauthAppInfoSchema.shape.result.safeParse(parseRestAnswer('app.info', answer.status, answer.text));
      if (!result.success) throw new RestUnavailableError('app.info', 'answered in an unknown shape');
      return {
        clientId: result.data.client_id,
        userId: result.data.user_id === undefined ? '' : String(result.data.user_id),
        domain: result.data.install.domain.toLowerCase(),
        memberId: result.data.install.member_id.toLowerCase(),
      };
    },

    async refresh(server, refreshToken, now, memberId) {
      const target = 'token endpoint';
      const url = `${allowed(server)}oauth/token/`;
      const answer = await send(target, () =>
        options.http.postForm(
          url,
          { grant_type: 'refresh_token', client_id: options.clientId, client_secret: options.clientSecret, refresh_token: refreshToken },
          { target, timeoutMs: options.timeoutMs },
        ),
      );
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch (cause) {
        throw new RestUnavailableError(target, `answered ${answer.status} without JSON`, { cause });
      }
      const error = oauthErrorSchema.safeParse(body);
      if (error.success) throw new RestError(error.data.error, error.data.error_description ?? '', target, answer.status);
      const tokens = tokenAnswerSchema.safeParse(body);
      if (!tokens.success || answer.status >= 300) throw new RestUnavailableError(target, `answered ${answer.status} without tokens`);
      // The pair belongs to the portal the answer names: for any other portal it must not be used at all.
      const answeredFor = tokens.data.member_id?.toLowerCase();
      if (answeredFor !== memberId) throw new AppError('invalid_auth', 'token endpoint answered for another portal');
      return {
        accessToken: tokens.data.access_token,
        refreshToken: tokens.data.refresh_token,
        expiresAt: now + (tokens.data.expires_in ?? 3600),
        memberId: answeredFor,
        clientEndpoint: tokens.data.client_endpoint,
      };
    },
  };
}
