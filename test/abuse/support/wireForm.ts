/**
 * A form request as it travels: the query string and the body as raw `key=value` segments, exactly as sent
 * (already percent-encoded, or deliberately not), so a mutation can put bytes on the wire that no encoder
 * would produce (`%FF%FE`, a lone `%`, a raw `&` inside a value). `rawBody` replaces the body wholesale
 * (JSON, garbage, a truncated form).
 */
export interface Segment {
  key: string;
  /** undefined: the segment is a bare `key` without `=` */
  value?: string;
}

export interface WireForm {
  query: Segment[];
  body: Segment[];
  rawBody?: string;
}

export interface Payload {
  query: string;
  body: string;
}

function segmentsOf(text: string): Segment[] {
  if (text === '') return [];
  return text.split('&').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? { key: part } : { key: part.slice(0, at), value: part.slice(at + 1) };
  });
}

function textOf(segments: Segment[]): string {
  return segments.map(({ key, value }) => (value === undefined ? key : `${key}=${value}`)).join('&');
}

export function wireFormOf(payload: Payload): WireForm {
  return { query: segmentsOf(payload.query), body: segmentsOf(payload.body) };
}

/** A form built from decoded fields, encoded the way a browser encodes a form. */
export function wireFormFrom(fields: { query?: Record<string, string>; body?: Record<string, string> }): WireForm {
  return wireFormOf({ query: new URLSearchParams(fields.query ?? {}).toString(), body: new URLSearchParams(fields.body ?? {}).toString() });
}

export function payloadOf(form: WireForm): Payload {
  return { query: textOf(form.query), body: form.rawBody ?? textOf(form.body) };
}

/** Every field as a server decodes it (query first, then body), for deciding what counts as a secret. */
export function decodedFields(payload: Payload): [string, string][] {
  return [...new URLSearchParams(payload.query), ...new URLSearchParams(payload.body)];
}

/** Percent-encodes any string; lone surrogates become U+FFFD first (encodeURIComponent would throw). */
export function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/** The request for a failure message: every field shown, long values shortened to their start and length. */
export function describePayload(payload: Payload): string {
  const short = (text: string) =>
    text
      .split('&')
      .map((part) => (part.length > 100 ? `${part.slice(0, 60)}…(${part.length} chars)` : part))
      .join('&');
  return `query: ${short(payload.query)}\nbody: ${short(payload.body)}`;
}
