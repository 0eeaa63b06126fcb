import { startApp, type AppHarness } from '../../support/appHarness';
import { testStorageConnectionString } from '../../support/testStorage';
import { exchangeViolations } from './exchangeViolations';
import { hostOf, recordOutbound, type OutboundRecorder } from './outboundRecorder';
import type { Answer } from './responseInvariants';
import { recordIssuedTokens, standingSecrets } from './secrets';
import { postedMarkupViolations } from './postedMarkup';
import { startTraps, type Traps } from './trapServers';
import type { Payload } from './wireForm';

/** `host:port` of the run's Azurite (the app's storage: a call the app may make). */
export function storageTarget(): string {
  const endpoint = /TableEndpoint=([^;]+)/i.exec(testStorageConnectionString())?.[1];
  return endpoint ? hostOf(endpoint) : '127.0.0.1:10002';
}

export interface WorldMark {
  calls: number;
  logLines: number;
  /** chat messages the simulator holds */
  messages: number;
}

/**
 * One installed app (harness: real handlers, simulator, Azurite), trap servers and an outbound recorder,
 * shared by all runs of one property, and the check every answer of those runs must pass.
 */
export interface AbuseWorld {
  app: AppHarness;
  traps: Traps;
  outbound: OutboundRecorder;
  /** Where the outbound calls and the log stand now: take it right before sending. */
  mark(): WorldMark;
  /** Every invariant one exchange broke (empty: none), given the mark taken before sending. */
  violations(payload: Payload, answer: Answer, mark: WorldMark): string[];
  close(): Promise<void>;
}

export async function startAbuseWorld(): Promise<AbuseWorld> {
  const traps = await startTraps(2);
  const outbound = recordOutbound();
  const app = await startApp();
  const issued = recordIssuedTokens(app.sim);
  await app.installApp();
  const rules = {
    sim: app.sim,
    traps,
    allowedTargets: new Set([hostOf(app.sim.clientEndpoint), hostOf(app.sim.oauthUrl), storageTarget()]),
    standingSecrets: () => standingSecrets(app.sim, app.config, issued),
    nonces: new Set<string>(),
    portalRedirected: () => app.sim.requestLog.some((entry) => entry.failedWith === 'redirect'),
  };
  return {
    app,
    traps,
    outbound,
    mark: () => ({ calls: outbound.mark(), logLines: app.logs.length, messages: app.sim.messages.length }),
    violations: (payload, answer, mark) => [
      ...exchangeViolations(rules, payload, answer, outbound.since(mark.calls), app.logs.slice(mark.logLines)),
      ...postedMarkupViolations(app.sim.messages.slice(mark.messages)),
    ],
    async close() {
      outbound.stop();
      await app.close();
      await traps.close();
    },
  };
}
