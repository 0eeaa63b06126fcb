import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Captured and documented Bitrix24 payloads, kept in the repository (test/fixtures/, see its README) so a
 * clone tests itself. Tests run from dist/test, so the data is read from the source tree.
 */
export const fixturesDir = path.resolve(__dirname, '../../../test/fixtures');

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
