import type { Config } from '../config';
import { en } from '../i18n/en';
import { de } from '../i18n/de';
import { ru } from '../i18n/ru';
import { handlerUrls } from './portalEndpoint';
import { batchCommand, type CallOptions, type RestClient } from './restClient';
import { RestError } from './restClient';

/**
 * Registers what the app needs on a portal in one batch: the IM_SIDEBAR item and the lifecycle events.
 * A portal answers a repeated bind with ERROR_CORE "Handler already binded"; that is success, so
 * installing again works.
 */
export const placementOptions = {
  iconName: 'fa-book',
  // one-to-one and group chats (workgroup chats are group chats); not open channels or CRM
  context: 'USER;CHAT',
  role: 'USER',
  extranet: 'N',
  color: 'AZURE',
};

export function bindCommands(config: Config): Record<string, string> {
  const urls = handlerUrls(config);
  const title = (messages: typeof en) => ({ TITLE: messages.placementTitle, DESCRIPTION: messages.placementDescription });
  return {
    placement: batchCommand('placement.bind', {
      PLACEMENT: 'IM_SIDEBAR',
      HANDLER: urls.placement,
      TITLE: en.placementTitle,
      DESCRIPTION: en.placementDescription,
      LANG_ALL: { en: title(en), ru: title(ru), de: title(de) },
      OPTIONS: placementOptions,
    }),
    onInstall: batchCommand('event.bind', { event: 'ONAPPINSTALL', handler: urls.install }),
    onUninstall: batchCommand('event.bind', { event: 'ONAPPUNINSTALL', handler: urls.install }),
  };
}

export function isAlreadyBound(error: RestError): boolean {
  return error.code === 'ERROR_CORE' && /already bind/i.test(error.description);
}

/** Binds everything; throws the first refusal that is not "already bound". */
export async function bindApp(rest: RestClient, config: Config, endpoint: string, accessToken: string, options?: CallOptions): Promise<void> {
  // Binding twice is harmless, but it is still a write: not retried when the portal is busy.
  const answer = await rest.batch(endpoint, bindCommands(config), accessToken, { ...options, readOnly: false });
  const refusal = Object.values(answer.errors).find((error) => !isAlreadyBound(error));
  if (refusal) throw refusal;
}
