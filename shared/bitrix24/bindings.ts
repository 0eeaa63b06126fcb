import type { Config } from '../config';
import { en } from '../i18n/en';
import { de } from '../i18n/de';
import { ru } from '../i18n/ru';
import { handlerUrls } from './portalEndpoint';
import { batchCommand, type CallOptions, type RestClient } from './restClient';
import { RestError } from './restClient';

/**
 * Registers what the app needs on a portal in one batch: the IM_SIDEBAR item, the message menu item
 * (IM_CONTEXT_MENU) and the lifecycle events. A portal answers a repeated bind with ERROR_CORE "Handler
 * already binded"; that is success, so installing again works.
 */
export const placementOptions = {
  iconName: 'fa-book',
  // one-to-one and group chats (workgroup chats are group chats); not open channels or CRM
  context: 'USER;CHAT',
  role: 'USER',
  extranet: 'N',
  color: 'AZURE',
};

/** The message menu takes no icon (only IM_SIDEBAR, IM_TEXTAREA and IM_NAVIGATION do): only these options. */
export const messageMenuOptions = {
  context: 'USER;CHAT',
  role: 'USER',
  extranet: 'N',
};

export function bindCommands(config: Config): Record<string, string> {
  const urls = handlerUrls(config);
  const title = (messages: typeof en) => ({ TITLE: messages.placementTitle, DESCRIPTION: messages.placementDescription });
  const menuTitle = (messages: typeof en) => ({ TITLE: messages.messageMenuTitle, DESCRIPTION: messages.messageMenuDescription });
  return {
    placement: batchCommand('placement.bind', {
      PLACEMENT: 'IM_SIDEBAR',
      HANDLER: urls.placement,
      TITLE: en.placementTitle,
      DESCRIPTION: en.placementDescription,
      LANG_ALL: { en: title(en), ru: title(ru), de: title(de) },
      OPTIONS: placementOptions,
    }),
    messageMenu: batchCommand('placement.bind', {
      PLACEMENT: 'IM_CONTEXT_MENU',
      HANDLER: urls.placement,
      TITLE: en.messageMenuTitle,
      DESCRIPTION: en.messageMenuDescription,
      LANG_ALL: { en: menuTitle(en), ru: menuTitle(ru), de: menuTitle(de) },
      OPTIONS: messageMenuOptions,
    }),
    onInstall: batchCommand('event.bind', { event: 'ONAPPINSTALL', handler: urls.install }),
    onUninstall: batchCommand('event.bind', { event: 'ONAPPUNINSTALL', handler: urls.install }),
  };
}

export function isAlreadyBound(error: RestError): boolean {
  return error.code === 'ERROR_CORE' && /already bind/i.test(error.description);
}

/**
 * Binds everything; throws the first refusal that is not "already bound". A portal that does not have the
 * message menu placement (ERROR_PLACEMENT_NOT_FOUND, older on-premise versions) still gets the sidebar: the
 * app page shows the menu item as missing.
 */
export async function bindApp(
  rest: RestClient,
  config: Config,
  endpoint: string,
  accessToken: string,
  options?: CallOptions,
): Promise<{ messageMenuBound: boolean }> {
  // Binding twice is harmless, but it is still a write: not retried when the portal is busy.
  const answer = await rest.batch(endpoint, bindCommands(config), accessToken, { ...options, readOnly: false });
  const refusal = Object.entries(answer.errors).find(
    ([key, error]) => !isAlreadyBound(error) && !(key === 'messageMenu' && error.code === 'ERROR_PLACEMENT_NOT_FOUND'),
  );
  if (refusal) throw refusal[1];
  return { messageMenuBound: answer.errors['messageMenu'] === undefined || isAlreadyBound(answer.errors['messageMenu']) };
}
