import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding the project's package.json. Found by walking up because this module runs compiled from
 * dist/local/ (dist has no package.json of its own).
 */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
