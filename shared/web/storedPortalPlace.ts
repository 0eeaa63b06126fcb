import { memberIdSchema } from '../bitrix24/schemas';
import { pickLang } from '../i18n';
import type { Runtime } from '../runtime';
import type { ErrorPlaceOf } from './errorPlace';
import { portalOrigin } from './page';

/**
 * The origin that may frame a page for the portal a request names by member_id: the one this deployment
 * stored when the portal installed the app, never the request's own DOMAIN (anyone can post any DOMAIN).
 * An unknown portal's pages are not framed at all.
 */
export async function storedFrameAncestor(runtime: Runtime, memberId: unknown): Promise<string | undefined> {
  const id = memberIdSchema.safeParse(memberId);
  if (!id.success) return undefined;
  const stored = await runtime.installations.get(id.data);
  return stored ? portalOrigin(stored.installation) : undefined;
}

/** An error page of a frame request (sidebar open, app page, install page) before its portal was verified. */
export function storedPortalPlace(runtime: Runtime, memberId: unknown, lang: unknown): ErrorPlaceOf {
  return async () => ({ lang: pickLang(lang), frameAncestor: await storedFrameAncestor(runtime, memberId) });
}
