import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { resolveMainEntries } from '../../local/functionsHost';
import { expandBraces } from '../../local/mainEntries';
import { projectRoot } from '../../local/projectRoot';
import { registeredHttpFunctions } from '../../shared/web/httpFunctions';
import { loadLikeTheWorker } from '../support/functionsWorker';

describe('package.json main', () => {
  it('names entry files that all exist after the build (a wrong main would only fail when Azure starts the host)', () => {
    const root = projectRoot();
    const entries = resolveMainEntries(join(root, 'package.json'));

    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((entry) => !existsSync(entry)).map((entry) => relative(root, entry))).toEqual([]);
  });

  it('registers both HTTP functions, anonymous routes (POST, and GET for the restore page), when the host loads the main entries', () => {
    for (const entry of resolveMainEntries(join(projectRoot(), 'package.json'))) require(entry);
    const registered = registeredHttpFunctions().map(({ name, route, methods, authLevel }) => ({ name, route, methods, authLevel }));
    expect(registered.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'installHandler', route: 'install', methods: ['POST'], authLevel: 'anonymous' },
      // GET only answers /api/placement/restore (where a sidebar page's history entry points).
      { name: 'placementHandler', route: 'placement/{action?}', methods: ['GET', 'POST'], authLevel: 'anonymous' },
    ]);
  });

  it('turns on the host’s HTTP streams when a Functions worker loads its entries, so body limits apply while a body is read on Azure too', () => {
    const seen = loadLikeTheWorker(join(projectRoot(), 'package.json'));
    expect(seen.programmingModel).toBe('@azure/functions');
    expect(seen.functions.map((fn) => fn.name).sort()).toEqual(['installHandler', 'placementHandler']);
    // The address of the proxy the host streams request bodies to: present only with enableHttpStream.
    expect(seen.capabilities?.HttpUri).toMatch(/^http:\/\/localhost:\d+\/$/);
  });

  it('expands a brace glob relative to the package.json folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'main-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ main: 'dist/{a,b}/index.js' }));

    expect(resolveMainEntries(join(dir, 'package.json'))).toEqual([join(dir, 'dist/a/index.js'), join(dir, 'dist/b/index.js')]);
  });

  it('refuses glob syntax it does not support instead of guessing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'main-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ main: 'dist/*/index.js' }));

    expect(() => resolveMainEntries(join(dir, 'package.json'))).toThrow(/only \{a,b\} globs/);
  });

  it('expands several and nested brace groups', () => {
    expect(expandBraces('x{a,b}y{1,2}')).toEqual(['xay1', 'xay2', 'xby1', 'xby2']);
    expect([...new Set(expandBraces('{a,{b,c}}'))]).toEqual(['a', 'b', 'c']);
    expect(expandBraces('plain.js')).toEqual(['plain.js']);
  });
});
