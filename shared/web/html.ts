/**
 * Markup is built only through `html`: every interpolated value is escaped unless it is already SafeHtml
 * (the result of another `html` call or of `raw`, which is reserved for markup the app itself wrote).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const special = /[&<>"'`]/;
const entities: Record<number, string> = { 38: '&amp;', 60: '&lt;', 62: '&gt;', 34: '&quot;', 39: '&#39;', 96: '&#96;' };

export function escapeHtml(value: string): string {
  // Most values (ids, names, dates) need nothing: checking first is cheaper than rebuilding the string.
  const first = value.search(special);
  if (first === -1) return value;
  let out = '';
  let from = 0;
  for (let i = first; i < value.length; i++) {
    const entity = entities[value.charCodeAt(i)];
    if (entity === undefined) continue;
    out += value.slice(from, i) + entity;
    from = i + 1;
  }
  return out + value.slice(from);
}

function render(value: HtmlValue): string {
  // Ordered by how often each kind is interpolated: a list page renders thousands of these.
  if (typeof value === 'string') return escapeHtml(value);
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value) out += render(item);
    return out;
  }
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Trusted markup written by the app (never a value from a request, a portal or a user). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * A message template (trusted, from the catalogs) with its `{name}` placeholders filled by values that are
 * escaped like any other, or by markup the app wrote: "Written by {name} on {date}" with a `<time>` inside.
 */
export function fillHtml(template: string, values: Record<string, HtmlValue>): SafeHtml {
  const parts = template.split(/\{(\w+)\}/);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    out += i % 2 === 0 ? escapeHtml(part) : Object.hasOwn(values, part) ? render(values[part]) : escapeHtml(`{${part}}`);
  }
  return new SafeHtml(out);
}
