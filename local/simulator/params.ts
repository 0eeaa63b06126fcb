// REST parameters arrive as JSON, as a form body or in the query; forms and queries use PHP's bracketed
// keys (`LANG_ALL[en][TITLE]`). Everything is turned into one nested object so methods read it one way.

export type Params = Record<string, unknown>;

// Keys that would reach Object.prototype through a plain object: dropped rather than interpreted.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseBracketed(entries: Iterable<[string, string]>): Params {
  const root: Params = {};
  for (const [rawKey, value] of entries) {
    const head = /^[^[]*/.exec(rawKey)?.[0] ?? rawKey;
    const path = [head];
    const rest = rawKey.slice(head.length);
    const segment = /\[([^\]]*)\]/g;
    let match: RegExpExecArray | null;
    while ((match = segment.exec(rest)) !== null) path.push(match[1] ?? '');
    if (path.some((key) => UNSAFE_KEYS.has(key))) continue;
    setPath(root, path, value);
  }
  return root;
}

function setPath(root: Params, path: string[], value: string): void {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    // `a[]` appends, as PHP does; the index is the next free one.
    const key = path[i] === '' ? String(Object.keys(node).length) : (path[i] as string);
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Params;
  }
}

export function parseQueryString(query: string): Params {
  return parseBracketed(new URLSearchParams(query).entries());
}

/** Body by content, not by Content-Type: clients are sloppy about the header. */
export function parseBody(text: string): Params {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    const parsed: unknown = JSON.parse(trimmed);
    return isObject(parsed) ? parsed : {};
  }
  return parseQueryString(trimmed);
}

export function isObject(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bitrix24 reads parameter names case-insensitively (`DIALOG_ID`, `dialog_id`). */
export function param(params: Params, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  const key = Object.keys(params).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : params[key];
}

export function stringParam(params: Params, name: string): string | undefined {
  const value = param(params, name);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Objects may also come JSON-encoded in a single field. */
export function objectParam(params: Params, name: string): Params | undefined {
  const value = param(params, name);
  if (isObject(value)) return value;
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]));
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isObject(parsed)) return parsed;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['1', 'y', 'true', 'yes'].includes(value.trim().toLowerCase());
  return false;
}
