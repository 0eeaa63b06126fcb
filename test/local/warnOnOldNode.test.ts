import { warnOnOldNode } from '../../local/warnOnOldNode';

describe('running on an older Node.js', () => {
  it('warns, naming the version found, the one supported and how to run on it', () => {
    const lines: string[] = [];
    expect(warnOnOldNode('20.20.2', (line) => lines.push(line))).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Node.js 20.20.2');
    expect(lines[0]).toContain('Node.js 22');
    expect(lines[0]).toContain('.ci/with-node22 npm test');
  });

  it('stays quiet on Node.js 22 and newer', () => {
    const lines: string[] = [];
    expect(warnOnOldNode('22.23.3', (line) => lines.push(line))).toBe(false);
    expect(warnOnOldNode('24.1.0', (line) => lines.push(line))).toBe(false);
    expect(lines).toEqual([]);
  });
});
