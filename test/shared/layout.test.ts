import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../local/projectRoot';

// The source tree shows the architecture: shared/ is grouped by concern and imports point one way, from the
// handlers and web/ down to bitrix24/ and storage/, never back. These tests read the TypeScript sources.

const root = projectRoot(__dirname);

interface SourceImport {
  file: string; // repository-relative, e.g. shared/web/page.ts
  target: string; // repository-relative module path without extension
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

function importsOf(file: string): SourceImport[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const found: SourceImport[] = [];
  for (const match of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2] ?? ''));
    found.push({ file, target, typeOnly: Boolean(match[1]) });
  }
  return found;
}

/** Which concern a module belongs to. */
function layerOf(module: string): string {
  const [top, second] = module.split('/');
  if (top !== 'shared') return top ?? '';
  if (second === 'bitrix24' || second === 'storage' || second === 'web') return second;
  if (second === 'runtime' || second === 'runtime.ts') return 'runtime';
  return 'base'; // config, errors, logger, constantTime, i18n, markdown (the articles' text format)
}

/** What each layer of shared/ may import (besides itself). */
const allowed: Record<string, string[]> = {
  base: ['base'],
  bitrix24: ['base'],
  storage: ['base', 'bitrix24'],
  runtime: ['base', 'bitrix24', 'storage'],
  web: ['base', 'bitrix24', 'storage', 'runtime'],
};

const productionFiles = ['shared', 'installHandler', 'placementHandler'].flatMap(sourceFiles);

describe('the source layout', () => {
  it('groups shared/ by concern, with config, errors, logging and the runtime beside the groups', () => {
    const topLevel = readdirSync(path.join(root, 'shared')).sort();
    expect(topLevel).toEqual(['bitrix24', 'config.ts', 'constantTime.ts', 'errors.ts', 'i18n', 'logger.ts', 'markdown', 'runtime.ts', 'storage', 'web']);
  });

  it('keeps imports in shared/ pointing from web/ down to bitrix24/ and storage/, never back', () => {
    const wrong = productionFiles
      .filter((file) => file.startsWith('shared/'))
      .flatMap(importsOf)
      .filter(({ file, target, typeOnly }) => {
        const from = layerOf(file);
        const to = layerOf(target);
        if (from === to) return false;
        // The runtime is the composition root: lower layers may name its type, never load it.
        if (to === 'runtime' && typeOnly) return false;
        return !(allowed[from] ?? []).includes(to);
      })
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(wrong).toEqual([]);
  });

  it('lets handler folders use shared/ but not each other, and production code never load local/ or test/', () => {
    const wrong = productionFiles
      .flatMap(importsOf)
      .filter(({ file, target }) => {
        const from = file.split('/')[0];
        const to = target.split('/')[0];
        if (to === 'local' || to === 'test') return true;
        if (from === 'shared') return to !== 'shared';
        return to !== 'shared' && to !== from;
      })
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(wrong).toEqual([]);
  });

  it('reads nothing from outside the repository (a clone has nothing beside it)', () => {
    const outside = ['shared', 'installHandler', 'placementHandler', 'local', 'test']
      .flatMap(sourceFiles)
      .filter((file) => /\.\.\/shared\/(docs|fixtures|seed)|['"]\.\.['"],\s*['"]shared['"]|\.\.\/\.\.\/\.\.\/\.\.\//.test(readFileSync(path.join(root, file), 'utf8')));
    expect(outside).toEqual([]);
  });
});
