import { AppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { Runtime } from '../shared/runtime';
import type { Article, ChatRef, Person, StoredArticle } from '../shared/storage/articleStore';
import type { SidebarContext } from './views/sidebarLayout';

/** The chat a sidebar session is for: its portal and numeric chat id. */
export const chatOf = (context: SidebarContext): ChatRef => ({ memberId: context.session.memberId, chatId: context.session.chatId });

/** The session's user, as articles name who did what. */
export const personOf = (context: SidebarContext): Person => ({ id: context.session.userId, name: context.session.userName });

/**
 * Author, chat owner and chat managers may change an article (edit, delete, restore an earlier version or from
 * the trash); the server checks, not only the page.
 */
export function canModify(context: SidebarContext, article: Pick<Article, 'authorId'>): boolean {
  return context.session.canModerate || article.authorId === context.session.userId;
}

export function requireModify(context: SidebarContext, article: Pick<Article, 'authorId'>): void {
  if (!canModify(context, article)) throw new AppError('forbidden', 'only the author, the chat owner or a manager may change an article');
}

/** The article the form's `id` names, in this chat; not_found otherwise. */
export async function findArticle(runtime: Runtime, context: SidebarContext, fields: FieldTree): Promise<StoredArticle> {
  const found = await runtime.articles.get(chatOf(context), stringField(fields, 'id') ?? '');
  if (!found) throw new AppError('not_found', 'no such article in this chat');
  return found;
}
