/** One entry of package-lock.json `packages` (lockfileVersion 2 or 3). */
export interface LockedPackage {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
  [field: string]: unknown;
}

/**
 * The lock file's install paths (`node_modules/a`, `node_modules/a/node_modules/b`) that the root's
 * `dependencies` need at run time: their dependencies, optional dependencies and non-optional peers, each
 * resolved the way Node finds it (the nearest `node_modules` up from the requiring package). Dev
 * dependencies and the root's optional dependencies are not followed. Optional packages the lock does not
 * place are skipped; a required one that is missing is an error.
 */
export function productionPackages(lock: Lockfile): string[] {
  if (lock.lockfileVersion < 2 || !lock.packages) throw new Error('package-lock.json must be lockfileVersion 2 or 3 (npm 7 or newer)');
  const root = lock.packages[''] ?? {};
  const found = new Set<string>();
  const queue: { name: string; from: string; optional: boolean }[] = Object.keys(root.dependencies ?? {}).map((name) => ({ name, from: '', optional: false }));
  while (queue.length > 0) {
    const { name, from, optional } = queue.shift()!;
    const path = resolveInstallPath(lock, name, from);
    if (path === undefined) {
      if (optional) continue;
      throw new Error(`package-lock.json does not place ${name} (needed by ${from || 'the app'}); run npm install`);
    }
    if (found.has(path)) continue;
    found.add(path);
    const entry = lock.packages[path] ?? {};
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    for (const dependency of Object.keys(entry.dependencies ?? {})) queue.push({ name: dependency, from: path, optional: false });
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) queue.push({ name: dependency, from: path, optional: true });
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) queue.push({ name: dependency, from: path, optional: optionalPeers[dependency]?.optional === true });
  }
  return [...found].sort();
}

function resolveInstallPath(lock: Lockfile, name: string, from: string): string | undefined {
  for (let dir = from; ; dir = parentPackage(dir)) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
  }
}

/** `node_modules/a/node_modules/b` → `node_modules/a`; `node_modules/@s/a` → ''. */
function parentPackage(path: string): string {
  const at = path.lastIndexOf('/node_modules/');
  return at === -1 ? '' : path.slice(0, at);
}
