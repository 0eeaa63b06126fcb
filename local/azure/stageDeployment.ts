/**
 * `npm run azure:package` (azd runs it before packaging, see azure.yaml): the folder azd zips and deploys to
 * Flex Consumption, `.deploy/`. It holds what the Functions host loads and nothing else: host.json, a
 * package.json with `main` and the runtime dependencies, the compiled functions and shared code (no tests,
 * no local tooling, no source maps), and the production dependencies copied from node_modules exactly where
 * package-lock.json places them, with a lock file pruned to match. Built locally, so what runs on Azure is
 * what was built and tested here; no build runs on the platform.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveMainEntries } from '../mainEntries';
import { projectRoot } from '../projectRoot';
import { productionPackages, type Lockfile } from './productionPackages';

export interface StagedDeployment {
  dir: string;
  /** the entry files package.json `main` names, inside `dir` */
  entries: string[];
  /** install paths of the production packages, e.g. node_modules/zod */
  packages: string[];
}

/** Where azd finds the package (azure.yaml: the service's `dist`). */
export const deploymentDir = '.deploy';
/** dist/ folders that never run on Azure. */
const localOnly = new Set(['test', 'local']);
/** What the deployed package.json keeps: the Functions host reads `main`; nothing installs or builds there. */
const manifestFields = ['name', 'version', 'private', 'description', 'main', 'engines', 'dependencies'];

export function stageDeployment(root: string = projectRoot(), dir: string = join(root, deploymentDir)): StagedDeployment {
  const manifest = readJson(join(root, 'package.json')) as Record<string, unknown>;
  const missing = resolveMainEntries(join(root, 'package.json')).filter((entry) => !existsSync(entry));
  if (missing.length > 0) throw new Error(`${missing.map((entry) => relative(root, entry)).join(', ')} missing: run npm run build first`);
  const lock = readJson(join(root, 'package-lock.json')) as Lockfile;
  const packages = productionPackages(lock);
  const absent = packages.filter((path) => !existsSync(join(root, path)));
  if (absent.length > 0) throw new Error(`${absent.join(', ')} not installed: run npm ci first`);

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'host.json'), join(dir, 'host.json'));
  for (const folder of readdirSync(join(root, 'dist')).filter((name) => !localOnly.has(name))) {
    cpSync(join(root, 'dist', folder), join(dir, 'dist', folder), { recursive: true, filter: (source) => !source.endsWith('.map') });
  }
  for (const path of packages) {
    // Nested node_modules are packages of their own: copied only when they are production packages too.
    const nested = join(root, path, 'node_modules');
    cpSync(join(root, path), join(dir, path), { recursive: true, filter: (source) => source !== nested });
  }
  const deployed = Object.fromEntries(manifestFields.filter((field) => field in manifest).map((field) => [field, manifest[field]]));
  writeJson(join(dir, 'package.json'), deployed);
  const { name, version, engines, dependencies } = deployed;
  writeJson(join(dir, 'package-lock.json'), {
    name,
    version,
    lockfileVersion: lock.lockfileVersion,
    requires: true,
    packages: { '': { name, version, dependencies, engines }, ...Object.fromEntries(packages.map((path) => [path, lock.packages[path]])) },
  });
  return { dir, entries: resolveMainEntries(join(dir, 'package.json')), packages };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

if (require.main === module) {
  try {
    const staged = stageDeployment();
    console.log(`Staged ${relative(process.cwd(), staged.dir) || '.'} for deployment: ${staged.entries.length} function entries, ${staged.packages.length} production packages.`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
