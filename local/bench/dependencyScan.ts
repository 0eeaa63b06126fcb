import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname } from 'node:path';

const builtins = new Set(builtinModules);
const requirePattern = /\brequire\("([^"]+)"\)/g;

/**
 * The third-party modules a compiled entry file loads when it is required: its static `require("…")`s
 * followed through the project's own files, keeping the first non-relative, non-builtin specifiers met, each
 * resolved from the file that names it (so the baseline loads exactly the copies the entry loads). Lazy
 * `import()`s (node-fetch) are not followed: they are not part of loading the entry.
 */
export function thirdPartyRequires(entryFile: string): string[] {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(requirePattern)) {
      if (!specifier) continue;
      const resolved = require.resolve(specifier, { paths: [dirname(file)] });
      if (specifier.startsWith('.')) visit(resolved);
      else if (!builtins.has(specifier) && !specifier.startsWith('node:')) packages.set(specifier, resolved);
    }
  };
  visit(entryFile);
  return [...packages.values()].sort();
}

/** Package names for the table, e.g. `@azure/functions` from its resolved path. */
export function packageNameOf(resolvedPath: string): string {
  const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(resolvedPath);
  return match?.[1]?.replace(/\\/g, '/') ?? resolvedPath;
}
