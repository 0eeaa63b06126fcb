import type { Socket } from 'node:net';
import type { SimulatorFailure, UninstalledError } from './types';

// The failure modes in force, in the order they were set. A request takes the first one that applies to
// it, so `rate-limit` ×2 then `server-error` ×1 plays out as a script; a mode with `times` is gone once
// used up. 'moved' is not kept here: it changes where the portal lives, not how one request is answered.

/** What a request is: a portal REST call, a refresh at the OAuth server, or any other OAuth request. */
export type FailureTarget = 'portal-rest' | 'oauth-token' | 'oauth';

export type RequestFailure = Exclude<SimulatorFailure, { kind: 'moved' }>;

function appliesTo(mode: RequestFailure, target: FailureTarget, method: string | undefined): boolean {
  if ('method' in mode && mode.method !== undefined && mode.method !== method) return false;
  switch (mode.kind) {
    case 'oauth-down':
      return target !== 'portal-rest';
    case 'foreign-member':
      return target === 'oauth-token';
    case 'uninstalled':
      // A deleted portal or a removed app has no refresh tokens left; an unpaid one still refreshes.
      return target === 'portal-rest' || (target === 'oauth-token' && mode.error !== 'PAYMENT_REQUIRED');
    default:
      return target === 'portal-rest';
  }
}

const UNINSTALLED_ERRORS: readonly UninstalledError[] = ['invalid_token', 'PAYMENT_REQUIRED', 'PORTAL_DELETED'];

function validated(mode: RequestFailure): RequestFailure {
  if ('times' in mode && mode.times !== undefined && !(Number.isInteger(mode.times) && mode.times > 0)) {
    throw new RangeError(`failWith: times must be a positive integer, got ${mode.times}`);
  }
  if (mode.kind === 'uninstalled' && !UNINSTALLED_ERRORS.includes(mode.error)) {
    throw new RangeError(`failWith: unknown uninstalled error ${String(mode.error)}`);
  }
  return { ...mode };
}

export class FailureModes {
  private modes: RequestFailure[] = [];
  private readonly hung = new Set<Socket>();

  /** The modes in force, first applied first; `times` is what is left of it. */
  get active(): RequestFailure[] {
    return this.modes.map((mode) => ({ ...mode }));
  }

  /** Connections a 'hang' is holding open right now. */
  get hungConnections(): number {
    return this.hung.size;
  }

  add(mode: RequestFailure): void {
    this.modes.push(validated(mode));
  }

  /** The mode that answers this request instead of the real server, if any; counts a `times` down. */
  take(target: FailureTarget, method?: string): RequestFailure | undefined {
    const index = this.modes.findIndex((mode) => appliesTo(mode, target, method));
    const mode = this.modes[index];
    if (mode === undefined) return undefined;
    if ('times' in mode && mode.times !== undefined) {
      if (mode.times <= 1) this.modes.splice(index, 1);
      else this.modes[index] = { ...mode, times: mode.times - 1 };
    }
    return mode;
  }

  /** Keeps a connection open without answering, until clear() (or the listener's close) ends it. */
  hold(socket: Socket): void {
    this.hung.add(socket);
    socket.once('close', () => this.hung.delete(socket));
  }

  /** Drops every mode and ends the connections held by 'hang', so their clients see the failure now. */
  clear(): void {
    this.modes = [];
    for (const socket of this.hung) socket.destroy();
    this.hung.clear();
  }
}
