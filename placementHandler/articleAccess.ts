import { AppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { Runtime } from '../shared/runtime';
import type { Article, ChatRef, Person, StoredArticle } from '../shared/storage/articleStore';
import { translatorOf, type SidebarContext } from './views/sidebarLayout';

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

/** The article the form's `id` names, in this chat; article_deleted when it is in the trash, else not_found. */
export async function findArticle(runtime: Runtime, context: SidebarContext, fields: FieldTree): Promise<StoredArticle> {
  const id = stringField(fields, 'id') ?? '';
  const found = await runtime.articles.get(chatOf(context), id);
  if (!found) return missingArticle(runtime, context, id);
  return found;
}

/**
 * An article that is not there: deleted meanwhile (its entry among the trash's newest deletions says by whom
 * and when: one more read, only on this way) or never there. Throws.
 */
export async function missingArticle(runtime: Runtime, context: SidebarContext, id: string): Promise<never> {
  const { entries } = await runtime.articles.trash(chatOf(context));
  const entry = entries.find((candidate) => candidate.id === id);
  if (!entry) throw new AppError('not_found', 'no such article in this chat');
  const { t, date } = translatorOf(context);
  throw new AppError('article_deleted', 'the article is in the trash', {
    detail: entry.deletedByName
      ? t('error.article_deleted.detail', { title: entry.title, name: entry.deletedByName, date: date(entry.deletedAt) })
      : t('error.article_deleted.detailNoName', { title: entry.title, date: date(entry.deletedAt) }),
  });
}
