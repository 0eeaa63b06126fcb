import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stageDeployment, type StagedDeployment } from '../../../local/azure/stageDeployment';
import { projectRoot } from '../../../local/projectRoot';
import { loadLikeTheWorker } from '../../support/functionsWorker';

const root = projectRoot();
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/**
 * What azd deploys (azure.yaml: the prepackage hook stages `.deploy/`, the service's `dist`). Staged here into
 * a folder outside the repository, so nothing can resolve from the repository's own node_modules.
 */
describe('the deployment package', () => {
  let parent: string;
  let staged: StagedDeployment;

  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), 'kb-deploy-'));
    staged = stageDeployment(root, join(parent, 'package'));
  });

  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('holds host.json, the compiled functions that package.json main names, and no tests, local tooling or sources', () => {
    const manifest = JSON.parse(readFileSync(join(staged.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.main).toBe(rootManifest.main);
    expect(manifest.dependencies).toEqual(rootManifest.dependencies);
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest).not.toHaveProperty('scripts');
    expect(existsSync(join(staged.dir, 'host.json'))).toBe(true);
    expect(staged.entries.map((entry) => relative(staged.dir, entry)).sort()).toEqual(['dist/installHandler/index.js', 'dist/placementHandler/index.js']);
    expect(staged.entries.every((entry) => existsSync(entry))).toBe(true);

    const app = filesUnder(staged.dir).filter((file) => !file.startsWith('node_modules'));
    expect(app.filter((file) => /^dist\/(test|local)\/|\.ts$|\.map$|local\.settings\.json|tsconfig/.test(file))).toEqual([]);
  });

  it('carries the production dependencies and none of the development or optional ones', () => {
    for (const name of Object.keys(rootManifest.dependencies)) expect(existsSync(join(staged.dir, 'node_modules', name, 'package.json'))).toBe(true);
    for (const name of [...Object.keys(rootManifest.devDependencies), ...Object.keys(rootManifest.optionalDependencies)]) {
      expect(existsSync(join(staged.dir, 'node_modules', name))).toBe(false);
    }
  });

  it('is a consistent npm tree: npm ls finds nothing missing, invalid or extraneous', () => {
    const ls = spawnSync('npm', ['ls', '--all'], { cwd: staged.dir, encoding: 'utf8' });
    expect(ls.stderr).toBe('');
    expect(ls.status).toBe(0);
  });

  it('loads both functions and every runtime dependency from the package alone', () => {
    const script = [
      'const entries = JSON.parse(process.argv[1]);',
      "const dependencies = Object.keys(require('./package.json').dependencies);",
      '(async () => { for (const entry of entries) require(entry); for (const name of dependencies) await import(name); console.log(`loaded ${entries.length} entries, ${dependencies.length} dependencies`); })()',
      '  .catch((error) => { console.error(error.message); process.exit(1); });',
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(staged.entries)], { cwd: staged.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).not.toMatch(/Cannot find|ERR_MODULE_NOT_FOUND/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`loaded 2 entries, ${Object.keys(rootManifest.dependencies).length} dependencies`);
  });

  it('has the host stream request bodies to its functions (with its own @azure/functions), so body limits apply while reading', () => {
    const seen = loadLikeTheWorker(join(staged.dir, 'package.json'));
    expect(seen.functions.map((fn) => fn.name).sort()).toEqual(['installHandler', 'placementHandler']);
    expect(seen.capabilities?.HttpUri).toMatch(/^http:\/\/localhost:\d+\/$/);
  });
});
