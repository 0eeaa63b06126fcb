import { B24OAuth, EnumAppStatus } from '@bitrix24/b24jssdk';
import type { Simulator } from '../simulator/Simulator';

/**
 * `@bitrix24/b24jssdk`'s server-side OAuth client pointed at the simulator with a user's access token, the
 * way an app built on the SDK would call the portal. Two adaptations, both on the SDK's side of the wire:
 * - clientEndpoint without its trailing slash: the SDK appends `/<method>`, and `…/rest//user.current` is
 *   not a path the simulator (or we) route; real portals' web servers merge the slashes.
 * - its client-side rate limiter opened wide: by default it queues calls beyond 50 at 2 per second, which
 *   would measure the limiter's waiting, not the client's cost per call.
 */
export function sdkClientFor(sim: Simulator, userId: number): B24OAuth {
  const tokens = sim.issueTokens(userId);
  const client = new B24OAuth(
    {
      applicationToken: sim.applicationToken,
      userId,
      memberId: sim.memberId,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expires: Math.floor(Date.now() / 1000) + tokens.expiresIn,
      expiresIn: tokens.expiresIn,
      scope: 'im,placement,user_brief',
      domain: sim.domain,
      clientEndpoint: sim.clientEndpoint.replace(/\/+$/, ''),
      serverEndpoint: sim.serverEndpoint,
      status: EnumAppStatus.Local,
    },
    { clientId: sim.clientId, clientSecret: sim.clientSecret },
    {
      restrictionParams: {
        rateLimit: { burstLimit: 1e9, drainRate: 1e9, adaptiveEnabled: false },
        adaptiveConfig: { enabled: false, thresholdPercent: 100, coefficient: 0, maxDelay: 0 },
      },
    },
  );
  client.offClientSideWarning();
  return client;
}

/** One `user.current` through the SDK; a failed call must not be timed as a fast one. */
export async function sdkUserCurrent(client: B24OAuth): Promise<void> {
  const answer = await client.actions.v2.call.make({ method: 'user.current', params: {} });
  if (!answer.isSuccess) throw new Error(`b24jssdk user.current failed: ${answer.getErrorMessages().join('; ')}`);
}
