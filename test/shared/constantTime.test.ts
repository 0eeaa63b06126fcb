import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { secretsEqual } from '../../shared/constantTime';

const root = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('comparing secrets', () => {
  it('tells equal secrets from different ones, whatever their lengths', () => {
    expect(secretsEqual('a1b2c3', 'a1b2c3')).toBe(true);
    expect(secretsEqual('a1b2c3', 'a1b2c4')).toBe(false);
    expect(secretsEqual('a1b2c3', 'a1b2c')).toBe(false);
    expect(secretsEqual('', 'a')).toBe(false);
  });

  it('happens only through the constant-time comparison in the app’s code (application tokens, session signatures)', () => {
    const offenders: string[] = [];
    for (const file of ['shared', 'installHandler', 'placementHandler'].flatMap((dir) => sources(path.join(root, dir)))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((raw, index) => {
          // Checking that a value is present is not comparing it.
          const line = raw.replace(/[!=]==\s*(undefined|null|''|"")/g, '');
          if (/(applicationToken|application_token|APPLICATION_TOKEN|signature|clientSecret|sessionSecret)\b[^;]*[!=]==/.test(line) || /[!=]==\s*[\w.]*(applicationToken|signature)\b/.test(line)) {
            offenders.push(`${path.relative(root, file)}:${index + 1}: ${raw.trim()}`);
          }
        });
    }
    expect(offenders).toEqual([]);
  });
});
