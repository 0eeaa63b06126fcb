/**
 * Bitrix24 sends flat form fields (`AUTH_ID=...`) and bracketed ones (`auth[access_token]=...`,
 * `data[FIELDS][ID]=...`), some in the query string and some in the body. This turns both into one tree.
 * Objects have no prototype (a key named `__proto__` is just a key), nesting and size are bounded, and a
 * key that is both a value and a parent keeps the first shape it arrived with.
 */
export type FieldValue = string | FieldTree;
export interface FieldTree {
  [key: string]: FieldValue;
}

const maxDepth = 5;
const maxFields = 500;

export function parseFields(...sources: string[]): FieldTree {
  const root: FieldTree = Object.create(null);
  let count = 0;
  for (const source of sources) {
    for (const [key, value] of new URLSearchParams(source)) {
      if (++count > maxFields) return root;
      const path = splitKey(key);
      if (path) assign(root, path, value);
    }
  }
  return root;
}

/** `a[b][c]` → ['a','b','c']; a key that is not well formed is kept whole as one name. */
function splitKey(key: string): string[] | null {
  if (key === '') return null;
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match || !match[1]) return [key];
  const rest = match[2] ?? '';
  const parts = [match[1], ...[...rest.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
  if (parts.length > maxDepth + 1 || parts.some((part) => part === '')) return [key];
  return parts;
}

function assign(root: FieldTree, path: string[], value: string): void {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = node[key];
    if (next === undefined) {
      const child: FieldTree = Object.create(null);
      node[key] = child;
      node = child;
    } else if (typeof next === 'string') {
      return;
    } else {
      node = next;
    }
  }
  const last = path[path.length - 1] as string;
  if (typeof node[last] !== 'object') node[last] = value;
}

/** Reads a string field, treating a nested object as absent. */
export function stringField(tree: FieldTree, key: string): string | undefined {
  const value = tree[key];
  return typeof value === 'string' ? value : undefined;
}
