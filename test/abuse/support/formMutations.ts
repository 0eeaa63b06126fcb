import fc from 'fast-check';
import { targetedValues, valueFor, wireKey, wireText, wireValue, type MutationTargets, type WireValue } from './fieldValues';
import { payloadOf, type Segment, type WireForm } from './wireForm';

/**
 * Mutations of a real form, as plain data (so a counterexample prints as something a person can replay),
 * and the arbitraries that generate them. Indexes count over query then body segments, modulo their number.
 */
export type Side = 'query' | 'body';

export type KeyShape = 'deep' | 'open' | 'close' | 'wrapped' | 'emptyIndex' | 'trailing' | 'doubled' | 'encodedBrackets' | 'parent' | 'nested';

export type Mutation =
  | { kind: 'set'; side: Side; key: string; value: WireValue }
  | { kind: 'add'; side: Side; key: string; value: WireValue }
  | { kind: 'duplicate'; index: number; value?: string }
  | { kind: 'rekey'; index: number; shape: KeyShape; depth: number }
  | { kind: 'delete'; index: number }
  | { kind: 'move'; index: number }
  | { kind: 'padTo'; index: number; bytes: number; filler: string }
  | { kind: 'json' }
  | { kind: 'rawBody'; text: string }
  | { kind: 'truncate'; permille: number };

export const bodyLimit = 64 * 1024;
export const actionBodyLimit = 256 * 1024;

const sizes = [bodyLimit - 1, bodyLimit, bodyLimit + 1, 200 * 1024, actionBodyLimit - 1, actionBodyLimit, actionBodyLimit + 1, 300 * 1024];
/** one character, percent-encoded: ASCII, Cyrillic (2 bytes), an emoji (4 bytes, 2 UTF-16 units), NUL, a raw invalid byte */
const fillers = ['a', '%D1%91', '%F0%9F%98%80', '%00', '%FF', '+', '%25'];

const side = fc.constantFrom<Side>('query', 'body');
const index = fc.nat({ max: 40 });

function mutationArbitrary(targets: MutationTargets): fc.Arbitrary<Mutation> {
  const targeted = targetedValues(targets);
  const targetedKey = fc.constantFrom(...Object.keys(targeted));
  const keyed = (kind: 'set' | 'add') =>
    fc.tuple(side, fc.oneof({ weight: 2, arbitrary: targetedKey }, { weight: 1, arbitrary: wireKey })).chain(([where, key]) =>
      valueFor(key, targeted).map((value): Mutation => ({ kind, side: where, key, value })),
    );
  return fc.oneof(
    { weight: 6, arbitrary: keyed('set') },
    { weight: 3, arbitrary: keyed('add') },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), index, value: fc.option(wireValue, { nil: undefined }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('rekey' as const),
        index,
        shape: fc.constantFrom<KeyShape>('deep', 'open', 'close', 'wrapped', 'emptyIndex', 'trailing', 'doubled', 'encodedBrackets', 'parent', 'nested'),
        depth: fc.integer({ min: 1, max: 40 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), index }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), index }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('padTo' as const), index, bytes: fc.constantFrom(...sizes), filler: fc.constantFrom(...fillers) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'json' as const }) },
    { weight: 1, arbitrary: fc.oneof(wireValue, fc.json()).map((text): Mutation => ({ kind: 'rawBody', text })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), permille: fc.integer({ min: 0, max: 999 }) }) },
  );
}

export function mutationsArbitrary(targets: MutationTargets): fc.Arbitrary<Mutation[]> {
  return fc.array(mutationArbitrary(targets), { minLength: 1, maxLength: 4 });
}

function reshape(key: string, shape: KeyShape, depth: number): string {
  switch (shape) {
    case 'deep':
      return `${key}${Array.from({ length: depth }, (_, i) => `[k${i}]`).join('')}`;
    case 'open':
      return `${key}[`;
    case 'close':
      return `${key}]]`;
    case 'wrapped':
      return `[${key}]`;
    case 'emptyIndex':
      return `${key}[]`;
    case 'trailing':
      return `${key}[x]y`;
    case 'doubled':
      return `${key}[[x]]`;
    case 'encodedBrackets':
      return `${key}%5Bx%5D%5By%5D`;
    case 'parent':
      return key.replace(/(%5B|\[).*$/i, '') || key;
    case 'nested':
      return `PLACEMENT_OPTIONS[${key}]`;
  }
}

function locate(form: WireForm, index: number): { list: Segment[]; at: number; side: Side } | null {
  const total = form.query.length + form.body.length;
  if (total === 0) return null;
  const i = index % total;
  return i < form.query.length ? { list: form.query, at: i, side: 'query' } : { list: form.body, at: i - form.query.length, side: 'body' };
}

function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** Applies one mutation, returning a new form (the input is not changed). */
export function applyMutation(input: WireForm, mutation: Mutation): WireForm {
  const form: WireForm = { query: [...input.query], body: [...input.body], rawBody: input.rawBody };
  switch (mutation.kind) {
    case 'set': {
      const list = form[mutation.side];
      const target = decodedKey(mutation.key);
      const kept = list.filter((segment) => decodedKey(segment.key) !== target);
      kept.push({ key: mutation.key, value: wireText(mutation.value) });
      form[mutation.side] = kept;
      return form;
    }
    case 'add':
      form[mutation.side].push({ key: mutation.key, value: wireText(mutation.value) });
      return form;
    case 'json': {
      const fields = Object.fromEntries(new URLSearchParams(payloadOf(form).body));
      form.rawBody = JSON.stringify(fields);
      return form;
    }
    case 'rawBody':
      form.rawBody = mutation.text;
      return form;
    case 'truncate': {
      const body = payloadOf(form).body;
      form.rawBody = body.slice(0, Math.floor((body.length * mutation.permille) / 1000));
      return form;
    }
    default:
      break;
  }
  const found = locate(form, mutation.index);
  if (!found) return form;
  const { list, at } = found;
  const segment = list[at] as Segment;
  switch (mutation.kind) {
    case 'duplicate':
      list.splice(at + 1, 0, { key: segment.key, value: mutation.value ?? segment.value });
      break;
    case 'rekey':
      list[at] = { key: reshape(segment.key, mutation.shape, mutation.depth), value: segment.value };
      break;
    case 'delete':
      list.splice(at, 1);
      break;
    case 'move':
      list.splice(at, 1);
      (found.side === 'query' ? form.body : form.query).push(segment);
      break;
    case 'padTo': {
      // The whole body becomes exactly `bytes` long when the segment is in it; a query value just gets that long.
      const others = found.side === 'body' && form.rawBody === undefined ? payloadOf({ ...form, body: list.filter((_, i) => i !== at) }).body.length : 0;
      const room = Math.max(0, mutation.bytes - others - (others > 0 ? 1 : 0) - segment.key.length - 1);
      const value = mutation.filler.repeat(Math.floor(room / mutation.filler.length));
      list[at] = { key: segment.key, value: value + 'a'.repeat(room - value.length) };
      break;
    }
  }
  return form;
}

export function applyMutations(form: WireForm, mutations: Mutation[]): WireForm {
  return mutations.reduce(applyMutation, form);
}
