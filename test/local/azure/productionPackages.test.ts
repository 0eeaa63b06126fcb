import { productionPackages, type Lockfile } from '../../../local/azure/productionPackages';

function lockOf(packages: Lockfile['packages']): Lockfile {
  return { lockfileVersion: 3, packages };
}

describe('the production packages of a lock file', () => {
  it('follows the runtime dependencies the way Node resolves them, nested copies first', () => {
    const lock = lockOf({
      '': { dependencies: { app: '^1' }, devDependencies: { jest: '^29' }, optionalDependencies: { tools: '^4' } },
      'node_modules/app': { dependencies: { ms: '^2', shared: '^1' } },
      'node_modules/app/node_modules/ms': { version: '2.1.3' },
      'node_modules/ms': { version: '2.0.0', dev: true },
      'node_modules/shared': { peerDependencies: { peer: '*', maybe: '*' }, peerDependenciesMeta: { maybe: { optional: true } } },
      'node_modules/peer': {},
      'node_modules/jest': { dev: true, dependencies: { ms: '^2' } },
      'node_modules/tools': { optional: true },
    });

    expect(productionPackages(lock)).toEqual(['node_modules/app', 'node_modules/app/node_modules/ms', 'node_modules/peer', 'node_modules/shared']);
  });

  it('skips optional packages the lock does not place, and names a required one that is missing', () => {
    const optionalOnly = lockOf({ '': { dependencies: { app: '^1' } }, 'node_modules/app': { optionalDependencies: { 'native-linux': '^1' } } });
    expect(productionPackages(optionalOnly)).toEqual(['node_modules/app']);

    const broken = lockOf({ '': { dependencies: { app: '^1' } }, 'node_modules/app': { dependencies: { gone: '^1' } } });
    expect(() => productionPackages(broken)).toThrow(/does not place gone \(needed by node_modules\/app\)/);
  });
});
