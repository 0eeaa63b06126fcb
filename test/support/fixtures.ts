import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared fixtures beside the project (`../shared/fixtures`), as CI and every developer have them. */
export const fixturesDir = path.resolve(__dirname, '../../../../shared/fixtures');

export interface HttpFixture {
  method: string;
  path: string;
  query: string;
  body: string;
}

/** A `.http` fixture: request line, headers, a blank line, the raw body. */
export function httpFixture(name: string): HttpFixture {
  const text = readFileSync(path.join(fixturesDir, name), 'utf8');
  const [head = '', ...rest] = text.split(/\r?\n\r?\n/);
  const [method = 'POST', target = '/'] = (head.split(/\r?\n/)[0] ?? '').split(' ');
  const [pathPart = '/', query = ''] = target.split('?');
  return { method, path: pathPart, query, body: rest.join('\n\n').trim() };
}

export function jsonFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(fixturesDir, name), 'utf8'));
}
