import { join } from 'node:path';
import { localSettingsFileVariable } from '../../local/localSettings';
import { projectRoot } from '../../local/projectRoot';

/**
 * For the environment of a `serve` process a test starts: a settings file with no Values in place of the
 * project's local.settings.json, which a developer makes for `func start` (README) and which `serve` would
 * otherwise read underneath the test's own settings.
 */
export const noLocalSettings: Record<string, string> = {
  [localSettingsFileVariable]: join(projectRoot(), 'test', 'local', 'fixtures', 'no-values.local.settings.json'),
};
