import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeLocalSettings } from '../../local/localSettings';

function settingsFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'settings-')), 'local.settings.json');
  writeFileSync(path, content);
  return path;
}

describe('local.settings.json', () => {
  it('adds its Values underneath the environment, which wins like in func start', () => {
    const path = settingsFile(JSON.stringify({ IsEncrypted: false, Values: { PORT: '8080', SESSION_SECRET: 'from-file', FLAG: true } }));
    const env = { PORT: '9090', OTHER: 'kept' };

    const merged = mergeLocalSettings(env, path);

    expect(merged).toEqual({ PORT: '9090', SESSION_SECRET: 'from-file', FLAG: 'true', OTHER: 'kept' });
    expect(env).toEqual({ PORT: '9090', OTHER: 'kept' });
  });

  it('changes nothing when the file does not exist', () => {
    expect(mergeLocalSettings({ A: '1' }, join(tmpdir(), 'no-such-dir', 'local.settings.json'))).toEqual({ A: '1' });
  });

  it('reports bad JSON naming the file, without its contents', () => {
    const path = settingsFile('{ "Values": { "SESSION_SECRET": "hunter2hunter2", } }');

    expect(() => mergeLocalSettings({}, path)).toThrow(`${path} is not valid JSON`);
    expect(() => mergeLocalSettings({}, path)).not.toThrow(/hunter2/);
  });

  it('refuses Values that are not strings, naming the key', () => {
    const path = settingsFile(JSON.stringify({ Values: { NESTED: { a: 1 } } }));

    expect(() => mergeLocalSettings({}, path)).toThrow(/Values NESTED must be strings/);
  });
});
