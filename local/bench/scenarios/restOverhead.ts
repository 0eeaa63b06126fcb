import { createHttpClient } from '../../../shared/bitrix24/httpClient';
import { createRestClient } from '../../../shared/bitrix24/restClient';
import type { BenchStack } from '../benchStack';
import { rawFetchCall, rawHttpCall, rawNodeFetchCall } from '../rawClients';
import { verdict, type Row } from '../results';
import { sdkClientFor, sdkUserCurrent } from '../sdkClient';
import { collect, summarize, timed } from '../stats';

const warmupRounds = 2;
const rounds = 40;
const callsPerRound = 50;

type Client = 'app' | 'sdk' | 'nodeFetch' | 'http' | 'fetch';
const clients: Client[] = ['app', 'sdk', 'nodeFetch', 'http', 'fetch'];

/**
 * Per-call cost of a REST client on top of the bare transport, at r = 0 on the simulator. Each round times
 * `callsPerRound` sequential `user.current` calls per client, in a rotating order so none always runs first
 * or last; a client's overhead in a round is its mean per call minus the faster raw transport's (node:http or
 * fetch) in that same round, so drift over the run cancels out. node-fetch with nothing around it runs in the
 * same rotation: it is the floor for this app's client, which sends through node-fetch (part of the product's
 * fixed stack).
 */
export async function measureRestOverhead({ stack }: BenchStack): Promise<Row[]> {
  const { sim } = stack;
  const restoreLatency = sim.latencyMs;
  sim.setLatency(0);
  try {
    const token = sim.issueTokens(1).accessToken;
    const app = createRestClient({ http: createHttpClient(), timeoutMs: 8000, allowHttp: true, policy: { allowLoopback: true } });
    const sdk = sdkClientFor(sim, 1);
    const url = `${sim.clientEndpoint}user.current`;
    const call: Record<Client, () => Promise<unknown>> = {
      app: () => app.call(sim.clientEndpoint, 'user.current', {}, token, { readOnly: true }),
      sdk: () => sdkUserCurrent(sdk),
      nodeFetch: () => rawNodeFetchCall(url, token),
      http: () => rawHttpCall(url, token),
      fetch: () => rawFetchCall(url, token),
    };

    const perRound = await collect(warmupRounds, rounds, async (round) => {
      const means = {} as Record<Client, number>;
      for (let i = 0; i < clients.length; i++) {
        const client = clients[(round + i) % clients.length]!;
        const { ms } = await timed(async () => {
          for (let n = 0; n < callsPerRound; n++) await call[client]();
        });
        means[client] = ms / callsPerRound;
      }
      return means;
    });

    const overhead = (client: Client) => summarize(perRound.map((means) => means[client] - Math.min(means.http, means.fetch)));
    const perCall = (client: Client) => summarize(perRound.map((means) => means[client])).median;
    const appOverhead = overhead('app');
    const sdkOverhead = overhead('sdk');
    const nodeFetchOverhead = overhead('nodeFetch');
    const added = summarize(perRound.map((means) => means.app - means.nodeFetch));
    const ofSdk = (median: number) => ({ value: median / sdkOverhead.median, of: 'SDK' as const });
    return [
      {
        id: 'rest.overhead.app',
        measure: 'REST client overhead per call (app)',
        unit: 'ms',
        median: appOverhead.median,
        p95: appOverhead.p95,
        samples: appOverhead.n,
        ratio: ofSdk(appOverhead.median),
        target: '≤ 0.5× SDK',
        verdict: verdict(sdkOverhead.median > 0 && appOverhead.median <= 0.5 * sdkOverhead.median),
        note: `median per call (rounds of ${callsPerRound}): app ${fmt(perCall('app'))}, b24jssdk ${fmt(perCall('sdk'))}, node-fetch alone ${fmt(perCall('nodeFetch'))}, node:http ${fmt(perCall('http'))}, fetch ${fmt(perCall('fetch'))}`,
      },
      {
        id: 'rest.overhead.sdk',
        measure: 'REST client overhead per call (b24jssdk)',
        unit: 'ms',
        median: sdkOverhead.median,
        p95: sdkOverhead.p95,
        samples: sdkOverhead.n,
        target: '—',
        verdict: 'INFO',
      },
      {
        id: 'rest.overhead.nodeFetch',
        measure: 'node-fetch alone, same call (floor for the app)',
        unit: 'ms',
        median: nodeFetchOverhead.median,
        p95: nodeFetchOverhead.p95,
        samples: nodeFetchOverhead.n,
        ratio: ofSdk(nodeFetchOverhead.median),
        target: '—',
        verdict: 'INFO',
        note: 'node-fetch is part of the product’s fixed stack: no client that sends through it can cost less than this',
      },
      {
        id: 'rest.overhead.appOverNodeFetch',
        measure: 'REST client: app minus node-fetch alone',
        unit: 'ms',
        median: added.median,
        p95: added.p95,
        samples: added.n,
        target: '—',
        verdict: 'INFO',
        note: 'what the app adds on top of node-fetch: timeout, error typing, answer checks',
      },
    ];
  } finally {
    sim.setLatency(restoreLatency);
  }
}

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
