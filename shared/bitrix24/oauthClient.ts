import { z } from 'zod';
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

export interface AppInfo {
  clientId: string;
  /** the user the token belongs to, when the OAuth server says */
  userId: string;
  domain: string;
  memberId: string;
}

export interface OAuthClient {
  /** `app.info` on the OAuth server: who issued this access token, for which portal. */
  appInfo(accessToken: string): Promise<AppInfo>;
  /** Trades a refresh token (single use) for a new pair. */
  refresh(refreshToken: string, now: number): Promise<Tokens & { memberId?: string }>;
}

export interface OAuthClientOptions {
  http: HttpClient;
  /** The configured OAuth server, with a trailing slash; requests never choose it. */
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  async function send<T>(target: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof HttpCallError) throw new RestUnavailableError(target, error.message, { cause: error });
      throw error;
    }
  }

  return {
    async appInfo(accessToken) {
      const answer = await send('app.info', () =>
        options.http.postJson(`${options.oauthUrl}rest/app.info`, { auth: accessToken }, { target: 'app.info', timeoutMs: options.timeoutMs }),
      );
      const result = oauthAppInfoSchema.shape.result.safeParse(parseRestAnswer('app.info', answer.status, answer.text));
      if (!result.success) throw new RestUnavailableError('app.info', 'answered in an unknown shape');
      return {
        clientId: result.data.client_id,
        userId: result.data.user_id === undefined ? '' : String(result.data.user_id),
        domain: result.data.install.domain.toLowerCase(),
        memberId: result.data.install.member_id.toLowerCase(),
      };
    },

    async refresh(refreshToken, now) {
      const target = 'token endpoint';
      const answer = await send(target, () =>
        options.http.postForm(
          `${options.oauthUrl}oauth/token/`,
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
      return {
        accessToken: tokens.data.access_token,
        refreshToken: tokens.data.refresh_token,
        expiresAt: now + (tokens.data.expires_in ?? 3600),
        memberId: tokens.data.member_id?.toLowerCase(),
      };
    },
  };
}
