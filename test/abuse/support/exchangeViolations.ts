import type { Simulator } from '../../../local/simulator/Simulator';
import { unexpectedCalls, type OutboundCall } from './outboundRecorder';
import { responseViolations, type Answer } from './responseInvariants';
import { leakedIn, requestTokens } from './secrets';
import type { Traps } from './trapServers';
import { decodedFields, type Payload } from './wireForm';

/** What one request/answer exchange is checked against; shared by every run of a property. */
export interface ExchangeRules {
  sim: Simulator;
  traps: Traps;
  /** `host:port` the app may call: the simulator's portal (the stored endpoint), its OAuth server, Azurite */
  allowedTargets: Set<string>;
  /** `host:port` of calls the test itself makes (the functions host it posts to), left out of the check */
  ownTargets?: Set<string>;
  /** the simulator's and the app's secrets as of now (issued tokens grow during a run) */
  standingSecrets(): string[];
  nonces: Set<string>;
  /** the simulator redirects the app's REST calls elsewhere during this exchange */
  portalRedirected?: () => boolean;
}

/** The request's signed sessions: pages may carry them back, log lines may not. */
function requestSessions(payload: Payload): string[] {
  return decodedFields(payload)
    .filter(([key, value]) => key === 'session' && value.length >= 12)
    .map(([, value]) => value);
}

/**
 * Every invariant one exchange broke, as sentences (empty: none): the answer itself (status, stack traces,
 * secrets, page headers), where the app sent requests meanwhile, whether any trap server was reached, and
 * whether a line the app logged meanwhile carries a secret.
 */
export function exchangeViolations(rules: ExchangeRules, payload: Payload, answer: Answer, calls: OutboundCall[], logLines: string[] = []): string[] {
  const appCalls = calls.filter((call) => !rules.ownTargets?.has(call.target));
  const portal = rules.sim.domain;
  const secrets = [...rules.standingSecrets(), ...requestTokens(payload)];
  const problems = responseViolations(answer, {
    secrets,
    nonces: rules.nonces,
    triedPortalOverHttps: appCalls.some((call) => call.kind === 'http' && call.protocol === 'https:' && call.target === portal),
    portalRedirected: rules.portalRedirected?.() ?? false,
  });
  problems.push(...unexpectedCalls(appCalls, rules.allowedTargets, secrets));
  const trapped = rules.traps.received();
  if (trapped.length > 0) problems.push(`trap servers were called: ${trapped.join('; ')}`);
  const strays = rules.sim.requestLog.filter((entry) => entry.server !== 'portal' && entry.server !== 'oauth');
  if (strays.length > 0) problems.push(`the simulator saw requests for other servers: ${JSON.stringify(strays)}`);
  if (rules.sim.requestLog.some((entry) => entry.hadAuthInUrl)) problems.push('a token in the URL of a call to the simulator');
  const leakedInLog = leakedIn(logLines.join('\n'), [...secrets, ...requestSessions(payload)]);
  if (leakedInLog.length > 0) problems.push(`the log contains secrets ${leakedInLog.join(', ')}`);
  return problems;
}
