import { AppError } from '../shared/errors';
import { stringField } from '../shared/bitrix24/formFields';
import type { Article } from '../shared/storage/articleStore';
import { EtagMismatchError } from '../shared/storage/tableStorage';
import { canModify, chatOf, findArticle, requireModify } from './articleAccess';
import { onceOnly } from './onceOnly';
import type { SidebarAction } from './sidebarAction';
import { renderArticle } from './views/articleView';
import { renderHistory } from './views/historyView';
import { renderVersion } from './views/versionView';
import type { Notice, SidebarContext } from './views/sidebarLayout';
import { translatorOf } from './views/sidebarLayout';
import type { Runtime } from '../shared/runtime';
import { confirmWriter, keepUnlessPurging } from './writeChecks';

/** The history page of the article `id`, as stored now (its versions are read only here, never by list or search). */
export async function historyPage(runtime: Runtime, context: SidebarContext, id: string, notice?: Notice) {
  const [current, versions] = await Promise.all([runtime.articles.get(chatOf(context), id), runtime.articles.history(chatOf(context), id)]);
  if (!current) throw new AppError('not_found', 'no such article in this chat');
  return renderHistory(context, { article: current.article, etag: current.etag, versions, canModify: canModify(context, current.article), notice });
}

/** An article's versions, newest first: any member may read them. */
export const history: SidebarAction = async (runtime, context, fields) => historyPage(runtime, context, stringField(fields, 'id') ?? '');

/** One earlier version, as it was. */
export const version: SidebarAction = async (runtime, context, fields) => {
  const id = stringField(fields, 'id') ?? '';
  const [current, found] = await Promise.all([findArticle(runtime, context, fields), runtime.articles.version(chatOf(context), id, stringField(fields, 'version') ?? '')]);
  if (!found) return historyPage(runtime, context, id, { kind: 'bad', text: translatorOf(context).t('kb.history.gone') });
  return renderVersion(context, { current, version: found, canModify: canModify(context, current.article) });
};

/**
 * Restores an earlier version: saved again as the newest one, by whoever restores it (who may edit the
 * article, asked of the portal at that moment), so the version it replaces joins the history and the restore
 * can be undone the same way. The current version must be the one the page showed; else the history again,
 * as it is now. Sent twice, it restores once.
 */
export const revert: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const id = stringField(fields, 'id') ?? '';
  const etag = stringField(fields, 'etag') ?? '';
  const context = await confirmWriter(runtime, asked);
  const restored = (article: Article) => renderArticle(context, { article, canModify: true, notice: { kind: 'ok', text: t('kb.history.restored') } });
  return onceOnly(
    runtime,
    context,
    fields,
    'revert',
    async () => {
      const [current, found] = await Promise.all([findArticle(runtime, context, fields), runtime.articles.version(chatOf(context), id, stringField(fields, 'version') ?? '')]);
      requireModify(context, current.article);
      if (!found) return { response: await historyPage(runtime, context, id, { kind: 'bad', text: t('kb.history.gone') }) };
      const { session } = context;
      const { title, body, format } = found.article;
      const next: Article = { ...current.article, title, body, format, editorId: session.userId, editorName: session.userName, updatedAt: new Date(context.nowMs).toISOString() };
      try {
        if (current.etag !== etag) throw new EtagMismatchError('article');
        const saved = await runtime.articles.update(chatOf(context), current.article, next, etag);
        if (saved.unchanged) return { response: renderArticle(context, { article: saved.article, canModify: true, notice: { kind: 'ok', text: t('kb.history.same') } }) };
        await keepUnlessPurging(runtime, context, () => runtime.articles.erase(chatOf(context), id, saved.etag));
        return { response: restored(saved.article), outcome: { articleId: id } };
      } catch (error) {
        if (!(error instanceof EtagMismatchError)) throw error;
        // Saved meanwhile by someone else: the history as it is now, to choose again.
        return { response: await historyPage(runtime, context, id, { kind: 'bad', text: t('kb.conflictTitle') }) };
      }
    },
    async (outcome) => {
      const now = outcome ? await runtime.articles.get(chatOf(context), id) : null;
      return now ? restored(now.article) : historyPage(runtime, context, id, { kind: 'ok', text: t('kb.stillWorking') });
    },
  );
};
