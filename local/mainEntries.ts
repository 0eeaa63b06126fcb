import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The entry files package.json `main` names, as absolute paths, the way the Azure Functions Node v4 host reads
 * it: a path or a glob. Only the brace form (`dist/{a,b}/index.js`) is supported here; other glob syntax is
 * refused rather than guessed. Whether the files exist is the caller's question.
 */
export function resolveMainEntries(packageJsonPath: string): string[] {
  const main = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { main?: unknown }).main;
  if (typeof main !== 'string' || main.trim() === '') throw new Error(`${packageJsonPath} has no "main"`);
  return [...new Set(expandBraces(main.trim()))].map((entry) => {
    if (/[*?[\]]/.test(entry)) throw new Error(`package.json main "${main}": only {a,b} globs are supported locally`);
    return resolve(dirname(packageJsonPath), entry);
  });
}

/** `a{b,c}d{e,f}` → abde, abdf, acde, acdf. Nested groups expand innermost first and may yield duplicates. */
export function expandBraces(pattern: string): string[] {
  const group = /\{([^{}]*)\}/.exec(pattern);
  if (!group) {
    if (/[{}]/.test(pattern)) throw new Error(`Unbalanced braces in "${pattern}"`);
    return [pattern];
  }
  const before = pattern.slice(0, group.index);
  const after = pattern.slice(group.index + group[0].length);
  return group[1].split(',').flatMap((choice) => expandBraces(`${before}${choice}${after}`));
}
