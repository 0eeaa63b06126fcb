import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './projectRoot';

export type Env = Record<string, string | undefined>;

export function defaultLocalSettingsPath(): string {
  return join(projectRoot(), 'local.settings.json');
}

/**
 * The environment with local.settings.json `Values` added underneath it, as `func start` does: a variable that
 * is already set in the environment wins over the file. A missing file changes nothing. The result is a new
 * object; `env` is not modified. Errors name the file and the problem, never a value.
 */
export function mergeLocalSettings(env: Env = process.env, settingsPath: string = defaultLocalSettingsPath()): Env {
  if (!existsSync(settingsPath)) return { ...env };
  return { ...readLocalSettingsValues(settingsPath), ...definedOnly(env) };
}

export function readLocalSettingsValues(settingsPath: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(settingsPath, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${settingsPath} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new Error(`${settingsPath} must hold a JSON object`);
  if (parsed.IsEncrypted === true) throw new Error(`${settingsPath} is encrypted (IsEncrypted: true); local tooling reads plain Values only`);
  const values = parsed.Values ?? {};
  if (!isObject(values)) throw new Error(`${settingsPath}: "Values" must be an object`);

  const result: Record<string, string> = {};
  const bad: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') result[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') result[key] = String(value);
    else if (value !== null) bad.push(key);
  }
  if (bad.length > 0) throw new Error(`${settingsPath}: Values ${bad.join(', ')} must be strings`);
  return result;
}

function definedOnly(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
