import { secretsEqual } from '../shared/constantTime';
import { AppError } from '../shared/errors';
import type { StoredInstallation } from '../shared/storage/installationStore';
import type { Runtime } from '../shared/runtime';
import type { FrameRequest } from '../shared/bitrix24/schemas';

/**
 * The stored installation a frame request claims to come from, after the checks that need no portal call:
 * the portal must be installed, the domain must be the stored one, and an APPLICATION_TOKEN, when sent, must
 * equal the stored one. From here on only stored endpoints are called, never DOMAIN or SERVER_ENDPOINT.
 */
export async function trustedInstallation(runtime: Runtime, form: FrameRequest): Promise<StoredInstallation> {
  const stored = await runtime.installations.get(form.member_id);
  if (!stored) throw new AppError('not_installed', 'unknown member_id');
  const { installation } = stored;
  if (installation.domain !== form.DOMAIN) throw new AppError('forbidden', 'DOMAIN differs from the stored domain');
  if (form.APPLICATION_TOKEN !== undefined && installation.applicationToken !== '') {
    if (!secretsEqual(form.APPLICATION_TOKEN, installation.applicationToken)) {
      throw new AppError('forbidden', 'APPLICATION_TOKEN differs from the stored one');
    }
  }
  return stored;
}
