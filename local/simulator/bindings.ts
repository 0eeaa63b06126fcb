import { findUser, KNOWN_PLACEMENTS } from './data';
import { objectParam, stringParam, type Params } from './params';
import { accessDenied, argumentError, RestFailure } from './restErrors';
import type { EventBinding, PlacementBinding } from './types';

// placement.* and event.*: what the app registers at install time. Both are admin-only and both answer a
// duplicate registration with ERROR_CORE instead of a dedicated code, which idempotent installs must handle.

export interface AppRegistry {
  placements: PlacementBinding[];
  eventBindings: EventBinding[];
  nextEventHandlerId(): number;
}

const ICON_NAME = /^[A-Za-z][A-Za-z0-9 -]{0,49}$/;
/** Placements whose item shows an icon, which is then required; the others take no icon at all. */
const ICON_PLACEMENTS = ['IM_SIDEBAR', 'IM_TEXTAREA', 'IM_NAVIGATION'];
/** The message menu's only options (protocol notes 7a); anything else is refused here, to hold apps to the docs. */
const CONTEXT_MENU_OPTIONS = ['extranet', 'context', 'role'];

function requireAdmin(userId: number): void {
  if (findUser(userId)?.admin !== true) throw accessDenied();
}

/** Unlike a real portal, plain http and 127.0.0.1 are accepted: everything here is local. */
function handlerUrl(params: Params, name: string): string {
  const handler = stringParam(params, name)?.trim() ?? '';
  if (handler === '') throw argumentError(name);
  let url: URL;
  try {
    url = new URL(handler);
  } catch {
    throw new RestFailure('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RestFailure('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
  return handler;
}

function placementCode(params: Params): string {
  const placement = stringParam(params, 'PLACEMENT')?.trim().toUpperCase() ?? '';
  if (placement === '') throw argumentError('PLACEMENT');
  if (!KNOWN_PLACEMENTS.includes(placement)) throw new RestFailure('ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
  return placement;
}

export function placementBind(registry: AppRegistry, userId: number, params: Params): true {
  requireAdmin(userId);
  const placement = placementCode(params);
  const handler = handlerUrl(params, 'HANDLER');
  const options = objectParam(params, 'OPTIONS') ?? {};
  if (ICON_PLACEMENTS.includes(placement)) {
    const iconName = typeof options['iconName'] === 'string' ? options['iconName'].trim() : '';
    if (iconName === '') throw argumentError('iconName');
    if (!ICON_NAME.test(iconName)) throw argumentError('iconName', 'is invalid');
  }
  if (placement === 'IM_CONTEXT_MENU') {
    const unknown = Object.keys(options).find((key) => !CONTEXT_MENU_OPTIONS.includes(key));
    if (unknown !== undefined) throw argumentError(unknown, 'is not an option of IM_CONTEXT_MENU');
  }
  if (registry.placements.some((bound) => bound.placement === placement && bound.handler === handler)) {
    throw new RestFailure('ERROR_CORE', 'Unable to set placement handler: Handler already binded');
  }
  registry.placements.push({
    placement,
    handler,
    title: stringParam(params, 'TITLE') ?? '',
    description: stringParam(params, 'DESCRIPTION') ?? '',
    langAll: objectParam(params, 'LANG_ALL') ?? {},
    options,
  });
  return true;
}

export function placementUnbind(registry: AppRegistry, userId: number, params: Params): { count: number } {
  requireAdmin(userId);
  const placement = placementCode(params);
  const handler = stringParam(params, 'HANDLER')?.trim();
  const before = registry.placements.length;
  const kept = registry.placements.filter(
    (bound) => !(bound.placement === placement && (handler === undefined || handler === '' || bound.handler === handler)),
  );
  registry.placements.splice(0, registry.placements.length, ...kept);
  return { count: before - kept.length };
}

export function placementGet(registry: AppRegistry, userId: number): Record<string, unknown>[] {
  requireAdmin(userId);
  return registry.placements.map((bound) => ({
    placement: bound.placement,
    handler: bound.handler,
    title: bound.title,
    description: bound.description,
    options: bound.options,
    langAll: bound.langAll,
  }));
}

function eventName(params: Params): string {
  const event = stringParam(params, 'event')?.trim().toUpperCase() ?? '';
  if (event === '') throw argumentError('event');
  if (!/^ON[A-Z0-9_]+$/.test(event)) throw new RestFailure('ERROR_EVENT_NOT_FOUND', 'Event not found');
  return event;
}

export function eventBind(registry: AppRegistry, userId: number, params: Params): true {
  requireAdmin(userId);
  const event = eventName(params);
  const handler = handlerUrl(params, 'handler');
  if (registry.eventBindings.some((bound) => bound.event === event && bound.handler === handler)) {
    throw new RestFailure('ERROR_CORE', 'Unable to set event handler: Handler already binded');
  }
  registry.eventBindings.push({ id: registry.nextEventHandlerId(), event, handler });
  return true;
}

export function eventUnbind(registry: AppRegistry, userId: number, params: Params): { count: number } {
  requireAdmin(userId);
  const event = eventName(params);
  const handler = stringParam(params, 'handler')?.trim();
  const before = registry.eventBindings.length;
  const kept = registry.eventBindings.filter(
    (bound) => !(bound.event === event && (handler === undefined || handler === '' || bound.handler === handler)),
  );
  registry.eventBindings.splice(0, registry.eventBindings.length, ...kept);
  return { count: before - kept.length };
}

export function eventGet(registry: AppRegistry, userId: number): Record<string, unknown>[] {
  requireAdmin(userId);
  return registry.eventBindings.map((bound) => ({ event: bound.event, handler: bound.handler, auth_type: '0', offline: 0 }));
}
