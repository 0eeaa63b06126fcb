import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './projectRoot';

export type Env = Record<string, string | undefined>;

/** The variable that names another settings file than the project's local.settings.json. */
export const localSettingsFileVariable = 'LOCAL_SETTINGS_FILE';

export function defaultLocalSettingsPath(): string {
  return join(projectRoot(), 'local.settings.json');
}

/**
 * The environment with the Values of the settings file underneath it: the file LOCAL_SETTINGS_FILE names (which
 * must exist), else the project's local.settings.json (if there is one). Tests and tools that start `serve` name
 * their own file, so that a developer's local.settings.json never reaches them.
 */
export function withLocalSettings(env: Env = process.env): Env {
  const named = env[localSettingsFileVariable]?.trim();
  if (!named) return mergeLocalSettings(env);
  if (!existsSync(named)) throw new Error(`${localSettingsFileVariable} names ${named}, which does not exist`);
  return mergeLocalSettings(env, named);
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
