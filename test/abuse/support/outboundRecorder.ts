import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Every outbound HTTP request and TCP connection this process starts, whoever starts it (node-fetch, the
 * Azure SDK, anything else built on node:http or node:net), seen through Node's diagnostics channels: the
 * proof that a request never made the app call a host it should not. Intended targets are recorded when a
 * request starts, so a refused or failed connection counts too.
 */
export interface OutboundCall {
  kind: 'http' | 'tcp';
  /** `http:` or `https:` for http calls */
  protocol: string;
  /** `host:port` */
  target: string;
  /** path and query of http calls */
  path: string;
}

export interface OutboundRecorder {
  calls: OutboundCall[];
  /** The calls recorded since `mark` was taken. */
  since(mark: number): OutboundCall[];
  mark(): number;
  stop(): void;
}

const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443' };

function targetOf(request: ClientRequest): { protocol: string; target: string } {
  const protocol = request.protocol || 'http:';
  const header = request.getHeader('host');
  const host = typeof header === 'string' && header !== '' ? header : request.host;
  return { protocol, target: /:\d+$/.test(host) ? host : `${host}:${defaultPorts[protocol] ?? '80'}` };
}

export function recordOutbound(): OutboundRecorder {
  const calls: OutboundCall[] = [];
  const onRequest = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    calls.push({ kind: 'http', ...targetOf(request), path: request.path });
  };
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    socket.once('connect', () => calls.push({ kind: 'tcp', protocol: '', target: `${socket.remoteAddress}:${socket.remotePort}`, path: '' }));
  };
  diagnosticsChannel.subscribe('http.client.request.start', onRequest);
  diagnosticsChannel.subscribe('net.client.socket', onSocket);
  return {
    calls,
    mark: () => calls.length,
    since: (mark) => calls.slice(mark),
    stop() {
      diagnosticsChannel.unsubscribe('http.client.request.start', onRequest);
      diagnosticsChannel.unsubscribe('net.client.socket', onSocket);
    },
  };
}

/** `host:port` of an http(s) URL, with the scheme's default port when it has none. */
export function hostOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || defaultPorts[parsed.protocol] || '80'}`;
}

/** Calls to any target outside `allowed` (`host:port`), and http calls with a secret in their URL. */
export function unexpectedCalls(calls: OutboundCall[], allowed: Set<string>, secrets: Iterable<string> = []): string[] {
  const problems: string[] = [];
  const secretList = [...secrets].filter((secret) => secret.length >= 8);
  for (const call of calls) {
    if (!allowed.has(call.target)) problems.push(`${call.kind} call to ${call.protocol}//${call.target}${call.path}`);
    if (call.kind === 'http' && secretList.some((secret) => call.path.includes(secret))) problems.push(`a secret in the URL of a call to ${call.target}`);
  }
  return problems;
}
