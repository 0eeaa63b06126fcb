import type { Runtime } from '../shared/runtime';
import type { ArticlePage, ChatRef } from '../shared/storage/articleStore';

/** What an empty list says of the trash: how many deleted articles it holds (`more`: at least that many). */
export interface TrashShown {
  count: number;
  more: boolean;
}

/**
 * The trash of a chat whose list is empty, so that the empty list can lead there: one read of the trash's
 * first page, made only when the list is empty (a list with articles never reads the trash).
 */
export async function trashIfEmpty(runtime: Runtime, chat: ChatRef, page: ArticlePage): Promise<TrashShown | undefined> {
  if (page.total > 0) return undefined;
  const { entries, more } = await runtime.articles.trash(chat);
  return entries.length > 0 ? { count: entries.length, more } : undefined;
}
