/**
 * Structured, redacting logs. Lines are `event key=value ...` built from fields the caller chose; any value
 * registered as a secret (tokens of the request, the client secret, the session secret) is replaced wherever
 * it appears, so a token can't reach a log line even through an error message.
 */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields, error?: unknown): void;
  /** Registers values that must never appear in a line (e.g. the tokens of the current request). */
  addSecrets(...values: (string | undefined)[]): void;
}

const minSecretLength = 6;

export function createLogger(sink: LogSink, secrets: (string | undefined)[] = []): Logger {
  const known = new Set<string>();
  const addSecrets = (...values: (string | undefined)[]): void => {
    for (const value of values) if (value && value.length >= minSecretLength) known.add(value);
  };
  addSecrets(...secrets);

  const redact = (line: string): string => {
    let out = line;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  };
  const format = (event: string, fields: LogFields = {}): string =>
    [event, ...Object.entries(fields).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(' ');

  return {
    info: (event, fields) => sink.info(redact(format(event, fields))),
    warn: (event, fields) => sink.warn(redact(format(event, fields))),
    error: (event, fields, error) => sink.error(redact(format(event, { ...fields, ...describeError(error) }))),
    addSecrets,
  };
}

/** Names and codes of an error chain; messages are ours and name methods, never URLs or tokens. */
function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return error === undefined ? {} : { error: typeof error };
  const fields: LogFields = { error: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  const cause = error.cause;
  if (cause instanceof Error) {
    fields.cause = cause.name;
    const causeCode = (cause as { code?: unknown }).code;
    if (typeof causeCode === 'string' || typeof causeCode === 'number') fields.causeCode = causeCode;
  }
  return fields;
}
