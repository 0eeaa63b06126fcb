import type { Simulator } from '../../../local/simulator/Simulator';
import type { Config } from '../../../shared/config';
import { decodedFields, type Payload } from './wireForm';

/** Field names whose values are credentials wherever they arrive (frame posts and event posts). */
export const requestTokenKeys = new Set(['AUTH_ID', 'REFRESH_ID', 'APPLICATION_TOKEN', 'auth[access_token]', 'auth[refresh_token]', 'auth[application_token]']);

/**
 * Records every access and refresh token the simulator issues from now on (forms, events, refreshes), so a
 * test can look for any of them in what the app answers or logs. Call before installing.
 */
export function recordIssuedTokens(sim: Simulator): Set<string> {
  const issued = new Set<string>();
  const issue = sim.tokens.issue.bind(sim.tokens);
  sim.tokens.issue = (userId) => {
    const tokens = issue(userId);
    issued.add(tokens.accessToken);
    issued.add(tokens.refreshToken);
    return tokens;
  };
  return issued;
}

/** The simulator's and the app's own secrets: every issued token, the application token, the app's secrets and token keys. */
export function standingSecrets(sim: Simulator, config: Config, issued: Set<string>): string[] {
  const keys = [config.tokenKey, config.previousTokenKey].flatMap((key) => (key ? [key.toString('base64'), key.toString('hex'), key.toString('base64url')] : []));
  return [...issued, sim.applicationToken, sim.clientSecret, config.clientSecret, config.sessionSecret, ...keys];
}

/**
 * The credentials a request carries that the app must never send back. A value only counts when it looks
 * like a token (so `AUTH_ID=en` does not make every page a leak) and the same request does not also carry
 * it in a field the app legitimately echoes (a search query, an article title).
 */
export function requestTokens(payload: Payload): string[] {
  const fields = decodedFields(payload);
  const echoable = fields.filter(([key]) => !requestTokenKeys.has(key)).map(([, value]) => value);
  return fields
    .filter(([key, value]) => requestTokenKeys.has(key) && /^[A-Za-z0-9._~-]{12,}$/.test(value) && !/^(.)\1*$/.test(value))
    .map(([, value]) => value)
    .filter((value) => !echoable.some((other) => other.includes(value)));
}

/** Which of `secrets` occur in `text` (shortened for a readable failure). */
export function leakedIn(text: string, secrets: Iterable<string>): string[] {
  const found: string[] = [];
  for (const secret of secrets) if (secret.length >= 8 && text.includes(secret)) found.push(`${secret.slice(0, 12)}…`);
  return found;
}
