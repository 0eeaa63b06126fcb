import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Simulator } from '../../local/simulator';

// Tests run from dist/, the fixtures stay in the source tree (copies of the project's shared samples).
const FIXTURES = path.resolve(__dirname, '../../../test/simulator/fixtures');

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

/** A `.http` fixture: request line, headers, blank line, body. */
export function fixtureRequest(name: string): { query: URLSearchParams; body: URLSearchParams } {
  const text = readFileSync(path.join(FIXTURES, name), 'utf8');
  const [head = '', body = ''] = text.split(/\r?\n\r?\n/);
  const target = head.split(/\r?\n/)[0]?.split(' ')[1] ?? '/';
  return { query: new URL(target, 'http://fixture').searchParams, body: new URLSearchParams(body.trim()) };
}

export function keysOf(params: URLSearchParams): string[] {
  return [...params.keys()];
}

export interface Answer {
  status: number;
  body: Record<string, any>;
}

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A portal REST call with `auth` in the JSON body, as the app is meant to send it. */
export async function rest(sim: Simulator, method: string, params: Record<string, unknown>, auth?: string): Promise<Answer> {
  const response = await fetch(`${sim.clientEndpoint}${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(auth === undefined ? params : { ...params, auth }),
  });
  return answer(response);
}

export async function postForm(url: string, fields: Record<string, string>): Promise<Answer> {
  return answer(await fetch(url, { method: 'POST', body: new URLSearchParams(fields) }));
}

export function refresh(sim: Simulator, refreshToken: string, overrides: Record<string, string> = {}): Promise<Answer> {
  return postForm(`${sim.oauthUrl}oauth/token/`, {
    grant_type: 'refresh_token',
    client_id: sim.clientId,
    client_secret: sim.clientSecret,
    refresh_token: refreshToken,
    ...overrides,
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
