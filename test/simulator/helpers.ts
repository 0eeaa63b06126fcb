import type { Simulator } from '../../local/simulator';
import { httpFixture, jsonFixture } from '../support/fixtures';

export function fixtureJson(name: string): Record<string, unknown> {
  return jsonFixture(name) as Record<string, unknown>;
}

/** A `.http` fixture's query and body as parameters. */
export function fixtureRequest(name: string): { query: URLSearchParams; body: URLSearchParams } {
  const fixture = httpFixture(name);
  return { query: new URLSearchParams(fixture.query), body: new URLSearchParams(fixture.body) };
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
