import { stringField } from '../shared/bitrix24/formFields';
import type { Runtime } from '../shared/runtime';
import { ArticleLimitError } from '../shared/storage/articleStore';
import { canModify, chatOf } from './articleAccess';
import { maxArticlesPerChat } from './articleLimits';
import { onceOnly } from './onceOnly';
import type { SidebarAction } from './sidebarAction';
import { renderArticle } from './views/articleView';
import { translatorOf, type Notice, type SidebarContext } from './views/sidebarLayout';
import { renderTrash } from './views/trashView';
import { renderTrashEntry } from './views/trashEntryView';
import { confirmingWriter, keepUnlessPurging } from './writeChecks';

/** The trash page as it is now, with what was done. */
export async function trashNow(runtime: Runtime, context: SidebarContext, notice: Notice) {
  return renderTrash(context, { page: await runtime.articles.trash(chatOf(context)), notice });
}

/** The chat's trash, 50 entries a page (`after`: the last entry of the page before). Reading it purges what expired. */
export const trash: SidebarAction = async (runtime, context, fields) =>
  renderTrash(context, { page: await runtime.articles.trash(chatOf(context), { after: stringField(fields, 'after') }) });

/** One trash entry as it was deleted, read-only (any member may read the trash); gone ones lead back to the trash. */
export const trashEntry: SidebarAction = async (runtime, context, fields) => {
  const found = await runtime.articles.trashed(chatOf(context), stringField(fields, 'entry') ?? '');
  if (!found) return trashNow(runtime, context, { kind: 'bad', text: translatorOf(context).t('kb.trash.gone') });
  return renderTrashEntry(context, { trashed: found, canModify: canModify(context, found.article) });
};

/**
 * Restores an article from the trash (form field `entry`), with its history, for who may edit it (asked of the
 * portal at that moment, while the entry is read); the chat's article limit holds. Sent twice, restores once;
 * an entry no longer there (restored by someone else, purged) is said so on the trash page.
 */
export const untrash: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const { confirmed, check } = confirmingWriter(runtime, asked);
  const trashPage = async (text: string, kind: 'ok' | 'bad' = 'bad') => trashNow(runtime, await confirmed, { kind, text });
  return onceOnly(
    runtime,
    asked,
    fields,
    'untrash',
    async () => {
      try {
        const restored = await runtime.articles.untrash(chatOf(asked), stringField(fields, 'entry') ?? '', maxArticlesPerChat, check);
        const context = await confirmed;
        if (!restored) return { response: await trashPage(t('kb.trash.gone')) };
        // Like an edit: it stands unless an uninstall that deletes the data came meanwhile.
        await keepUnlessPurging(runtime, context, () => runtime.articles.erase(chatOf(context), restored.article.id, restored.etag));
        const response = renderArticle(context, { article: restored.article, canModify: true, notice: { kind: 'ok', text: t('kb.trash.restored') } });
        return { response, outcome: { articleId: restored.article.id } };
      } catch (error) {
        if (!(error instanceof ArticleLimitError)) throw error;
        return { response: await trashPage(t('kb.limitReached', { count: error.count })) };
      }
    },
    async (outcome) => {
      const context = await confirmed;
      const now = outcome?.articleId ? await runtime.articles.get(chatOf(context), outcome.articleId) : null;
      return now ? renderArticle(context, { article: now.article, canModify: true, notice: { kind: 'ok', text: t('kb.trash.restored') } }) : trashPage(t('kb.stillWorking'), 'ok');
    },
  );
};
