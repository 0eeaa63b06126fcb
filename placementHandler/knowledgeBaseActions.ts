import { ArticleLimitError, cursorPattern, formatOf, type Article, type ArticlePage } from '../shared/storage/articleStore';
import { AppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { AppResponse } from '../shared/web/page';
import type { Runtime } from '../shared/runtime';
import { EtagMismatchError } from '../shared/storage/tableStorage';
import { canModify, chatOf, findArticle, missingArticle, personOf, requireModify } from './articleAccess';
import { readArticleForm } from './articleForm';
import { history, revert, version } from './articleHistory';
import { trash, trashEntry, untrash } from './articleTrashActions';
import { confirmEmptyTrash, confirmErase, emptyTrash, erase } from './trashErase';
import { confirmEraseVersion, eraseVersion } from './versionErase';
import { sourceFromForm } from './capturedSource';
import { preview } from './previewArticle';
import type { SidebarAction } from './sidebarAction';
import { postArticle } from './postArticle';
import { renderArticleEditor } from './views/articleEditorView';
import { renderArticleList } from './views/articleListView';
import { renderArticle } from './views/articleView';
import { renderDeleteConfirm } from './views/deleteConfirmView';
import { renderCaptureClosed, renderCaptureSaved } from './views/captureDoneView';
import { translatorOf, type SidebarContext } from './views/sidebarLayout';
import { confirmingWriter, confirmWriter, keepUnlessPurging, keepUnlessUninstalled } from './writeChecks';
import { maxArticlesPerChat } from './articleLimits';
import { onceOnly } from './onceOnly';
import { trashIfEmpty } from './trashShown';

/**
 * The list, a page at a time, or what a search finds (every word, in title or text, any case, ё as е: see searchQuery).
 * `after` continues after the last article of the page before.
 */
const list: SidebarAction = async (runtime, context, fields) => {
  const query = (stringField(fields, 'q') ?? '').slice(0, 200);
  const after = stringField(fields, 'after');
  // A page continues after a place in the list; anything else (a forged or damaged form) shows the first page.
  const request = { after: after !== undefined && cursorPattern.test(after) ? after : undefined };
  const searching = query.trim() !== '';
  const page = searching ? await runtime.articles.search(chatOf(context), query.trim(), request) : await runtime.articles.page(chatOf(context), request);
  return renderArticleList(context, { page, query: searching ? query : '', after: request.after, trash: searching ? undefined : await trashIfEmpty(runtime, chatOf(context), page) });
};

const open: SidebarAction = async (runtime, context, fields) => {
  // Opened from the list: the chat's index is checked against the article on the way (ArticleStore.open).
  const id = stringField(fields, 'id') ?? '';
  const found = await runtime.articles.open(chatOf(context), id);
  if (!found) return missingArticle(runtime, context, id);
  const { article } = found;
  // Back leads to the list it was opened from: the same search, the same page.
  const query = (stringField(fields, 'q') ?? '').slice(0, 200);
  const from = stringField(fields, 'from');
  const listed = { ...(query.trim() ? { q: query } : {}), ...(from !== undefined && cursorPattern.test(from) ? { after: from } : {}) };
  return renderArticle(context, { article, canModify: canModify(context, article), listed });
};

/** An article a repeated form points at, as the first sending left it; a notice says the write was done. */
async function shownAgain(runtime: Runtime, context: SidebarContext, articleId: string | undefined, notice: string): Promise<AppResponse> {
  const found = articleId ? await runtime.articles.get(chatOf(context), articleId) : null;
  // Deleted since: the list shows what there is.
  if (!found) return list(runtime, context, Object.create(null) as FieldTree);
  return renderArticle(context, { article: found.article, canModify: canModify(context, found.article), notice: { kind: 'ok', text: notice } });
}

/** A second sending whose first is still at work after the wait: the list, saying the result will show there. */
async function stillWorking(runtime: Runtime, context: SidebarContext): Promise<AppResponse> {
  const { t } = translatorOf(context);
  return renderArticleList(context, { page: await runtime.articles.page(chatOf(context)), query: '', notice: { kind: 'ok', text: t('kb.stillWorking') } });
}

const create: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const { input, errors } = readArticleForm(fields, t);
  const key = stringField(fields, 'key');
  // An article saved from a chat message (the message menu) keeps where it came from, as the portal said.
  const source = sourceFromForm(runtime, asked.session, fields);
  if (errors) return renderArticleEditor(asked, { ...input, source, errors, key }, 400);
  const context = await confirmWriter(runtime, asked);
  return onceOnly(
    runtime,
    context,
    fields,
    'create',
    async () => {
      const now = new Date(context.nowMs).toISOString();
      const { session } = context;
      const draft = {
        ...input,
        ...(source ? { source: source.source } : {}),
        authorId: session.userId,
        authorName: session.userName,
        editorId: session.userId,
        editorName: session.userName,
        createdAt: now,
        updatedAt: now,
      };
      try {
        const { article, etag } = await runtime.articles.create(chatOf(context), draft, maxArticlesPerChat);
        await keepUnlessUninstalled(runtime, context, () => runtime.articles.erase(chatOf(context), article.id, etag));
        // Saved from the message menu's slider: said so there, with Close; the article is a click away.
        const response = source ? renderCaptureSaved(context, article) : renderArticle(context, { article, canModify: true, notice: { kind: 'ok', text: t('kb.saved') } });
        return { response, outcome: { articleId: article.id } };
      } catch (error) {
        if (!(error instanceof ArticleLimitError)) throw error;
        return { response: renderArticleEditor(context, { ...input, source, key, notice: { kind: 'bad', text: t('kb.limitReached', { count: error.count }) } }, 409) };
      }
    },
    (outcome) => (outcome ? shownAgain(runtime, context, outcome.articleId, t('kb.saved')) : stillWorking(runtime, context)),
  );
};

const edit: SidebarAction = async (runtime, context, fields) => {
  const { article, etag } = await findArticle(runtime, context, fields);
  requireModify(context, article);
  return renderArticleEditor(context, { id: article.id, etag, title: article.title, body: article.body, format: formatOf(article) });
};

const update: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const id = stringField(fields, 'id') ?? '';
  const etag = stringField(fields, 'etag') ?? '';
  const key = stringField(fields, 'key');
  const { input, errors } = readArticleForm(fields, t);
  const context = await confirmWriter(runtime, asked);
  return onceOnly(
    runtime,
    context,
    fields,
    'update',
    async () => {
      const current = await runtime.articles.get(chatOf(context), id);
      if (!current) return { response: renderArticleEditor(context, { ...input, errors, conflict: { gone: true } }, 409) };
      requireModify(context, current.article);
      if (errors) return { response: renderArticleEditor(context, { id, etag, ...input, errors, key }, 400) };
      const { session } = context;
      const updated: Article = {
        ...current.article,
        ...input,
        editorId: session.userId,
        editorName: session.userName,
        updatedAt: new Date(context.nowMs).toISOString(),
      };
      try {
        if (current.etag !== etag) throw new EtagMismatchError('article');
        const saved = await runtime.articles.update(chatOf(context), current.article, updated, etag);
        // Nothing changed, nothing written: the article as it is, and the form may be sent again.
        if (saved.unchanged) return { response: renderArticle(context, { article: saved.article, canModify: true, notice: { kind: 'ok', text: t('kb.unchanged') } }) };
        await keepUnlessPurging(runtime, context, () => runtime.articles.erase(chatOf(context), id, saved.etag));
        return { response: renderArticle(context, { article: saved.article, canModify: true, notice: { kind: 'ok', text: t('kb.saved') } }), outcome: { articleId: id } };
      } catch (error) {
        if (!(error instanceof EtagMismatchError)) throw error;
        // Someone saved meanwhile: show theirs, keep ours in the form, based on their version.
        const theirs = current.etag !== etag ? current : await runtime.articles.get(chatOf(context), id);
        if (!theirs) return { response: renderArticleEditor(context, { ...input, conflict: { gone: true } }, 409) };
        return { response: renderArticleEditor(context, { id, etag: theirs.etag, ...input, conflict: { theirs: theirs.article } }, 409) };
      }
    },
    (outcome) => (outcome ? shownAgain(runtime, context, outcome.articleId, t('kb.saved')) : stillWorking(runtime, context)),
  );
};

const confirmDelete: SidebarAction = async (runtime, context, fields) => {
  const stored = await findArticle(runtime, context, fields);
  requireModify(context, stored.article);
  return renderDeleteConfirm(context, stored);
};

const remove: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const id = stringField(fields, 'id') ?? '';
  // The notice offers to take it back (from the trash) right there, when the page knows where it went.
  const deleted = async (context: SidebarContext, page: ArticlePage, trashKey?: string): Promise<AppResponse> =>
    renderArticleList(context, {
      page,
      query: '',
      notice: { kind: 'ok', text: t('kb.deleted'), ...(trashKey ? { undo: trashKey } : {}) },
      trash: await trashIfEmpty(runtime, chatOf(context), page),
    });
  // The portal is asked while the article is read; the article is checked against its answer before the write.
  const { confirmed, check } = confirmingWriter(runtime, asked);
  return onceOnly(
    runtime,
    asked,
    fields,
    'remove',
    async () => {
      try {
        // The article is checked as it is read; the list's first page comes back with it for the page afterwards.
        const page = await runtime.articles.delete(chatOf(asked), id, stringField(fields, 'etag') ?? '', check, personOf(asked));
        const context = await confirmed;
        if (!page) throw new AppError('not_found', 'no such article in this chat');
        return { response: await deleted(context, page, page.trashKey), outcome: { articleId: id } };
      } catch (error) {
        if (!(error instanceof EtagMismatchError)) throw error;
        // Changed since the confirmation was shown: confirm again against what it says now.
        const context = await confirmed;
        return { response: renderDeleteConfirm(context, await findArticle(runtime, context, fields)) };
      }
    },
    async (outcome) => {
      const context = await confirmed;
      return outcome ? deleted(context, await runtime.articles.page(chatOf(context))) : stillWorking(runtime, context);
    },
  );
};

const post: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const { article } = await findArticle(runtime, asked, fields);
  const context = await confirmWriter(runtime, asked);
  return onceOnly(
    runtime,
    context,
    fields,
    'post',
    async () => {
      const notice = await postArticle(runtime, context, article);
      const response = renderArticle(context, { article, canModify: canModify(context, article), notice }, notice.kind === 'ok' ? 200 : 502);
      return notice.kind === 'ok' ? { response, outcome: { articleId: article.id } } : { response };
    },
    async (outcome) => renderArticle(context, { article, canModify: canModify(context, article), notice: { kind: 'ok', text: outcome ? t('kb.posted') : t('kb.stillWorking') } }),
  );
};

const newArticle: SidebarAction = async (_runtime, context) => renderArticleEditor(context, { title: '', body: '', format: 'markdown' });

/** The slider's Close or Cancel where the portal did not close it (no JavaScript): it may be closed now. */
const close: SidebarAction = async (_runtime, context) => renderCaptureClosed(context);

/** The actions below that write (each through onceOnly): renewal sends them again only as the user who sent them. */
export const writingActions: ReadonlySet<string> = new Set(['create', 'update', 'remove', 'post', 'revert', 'untrash', 'eraseVersion', 'erase', 'emptyTrash']);

/** The sidebar's actions, posted by its own forms to /api/placement/<action>. */
export const knowledgeBaseActions: Record<string, SidebarAction> = {
  list,
  open,
  new: newArticle,
  create,
  edit,
  update,
  delete: confirmDelete,
  remove,
  post,
  preview,
  history,
  version,
  revert,
  confirmEraseVersion,
  eraseVersion,
  trash,
  trashEntry,
  untrash,
  confirmErase,
  erase,
  confirmEmptyTrash,
  emptyTrash,
  close,
};
