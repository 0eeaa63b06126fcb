import type { Article, ChatRef, StoredArticle } from '../shared/storage/articleStore';
import { AppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { AppResponse } from '../shared/web/page';
import type { Runtime } from '../shared/runtime';
import { EtagMismatchError } from '../shared/storage/tableStorage';
import { readArticleForm } from './articleForm';
import { postArticle } from './postArticle';
import { renderArticleEditor } from './views/articleEditorView';
import { excerptOf, renderArticleList } from './views/articleListView';
import { renderArticle } from './views/articleView';
import { renderDeleteConfirm } from './views/deleteConfirmView';
import { translatorOf, type SidebarContext } from './views/sidebarLayout';
import { maxArticlesPerChat } from './articleLimits';
import { onceOnly } from './onceOnly';

export { maxArticlesPerChat } from './articleLimits';

type Action = (runtime: Runtime, context: SidebarContext, fields: FieldTree) => Promise<AppResponse>;

const chatOf = (context: SidebarContext): ChatRef => ({ memberId: context.session.memberId, chatId: context.session.chatId });

/** Author, chat owner and chat managers may change an article; the server checks, not only the page. */
function canModify(context: SidebarContext, article: Article): boolean {
  return context.session.canModerate || article.authorId === context.session.userId;
}

async function findArticle(runtime: Runtime, context: SidebarContext, fields: FieldTree): Promise<StoredArticle> {
  const found = await runtime.articles.get(chatOf(context), stringField(fields, 'id') ?? '');
  if (!found) throw new AppError('not_found', 'no such article in this chat');
  return found;
}

function requireModify(context: SidebarContext, article: Article): void {
  if (!canModify(context, article)) throw new AppError('forbidden', 'only the author, the chat owner or a manager may change an article');
}

/** Case-insensitive, Cyrillic and Latin alike (ё counts as е), over title and body. */
export function matches(article: Article, query: string): boolean {
  const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase().replace(/ё/g, 'е');
  const needle = fold(query.trim());
  return fold(article.title).includes(needle) || fold(article.body).includes(needle);
}

const list: Action = async (runtime, context, fields) => {
  const query = (stringField(fields, 'q') ?? '').slice(0, 200);
  const all = await runtime.articles.list(chatOf(context));
  const shown = query.trim() ? all.filter(({ article }) => matches(article, query)) : all;
  return renderArticleList(context, { articles: shown, total: all.length, query: query.trim() ? query : '' });
};

const open: Action = async (runtime, context, fields) => {
  const { article } = await findArticle(runtime, context, fields);
  return renderArticle(context, { article, canModify: canModify(context, article) });
};

/** An article a repeated form points at, as the first sending left it; a notice says the write was done. */
async function shownAgain(runtime: Runtime, context: SidebarContext, articleId: string | undefined, notice: string): Promise<AppResponse> {
  const found = articleId ? await runtime.articles.get(chatOf(context), articleId) : null;
  // Deleted since: the list shows what there is.
  if (!found) return list(runtime, context, Object.create(null) as FieldTree);
  return renderArticle(context, { article: found.article, canModify: canModify(context, found.article), notice: { kind: 'ok', text: notice } });
}

const create: Action = async (runtime, context, fields) => {
  const { t } = translatorOf(context);
  const { input, errors } = readArticleForm(fields, t);
  const key = stringField(fields, 'key');
  if (errors) return renderArticleEditor(context, { ...input, errors, key }, 400);
  return onceOnly(
    runtime,
    context,
    fields,
    'create',
    async () => {
      const existing = await runtime.articles.count(chatOf(context));
      if (existing >= maxArticlesPerChat) {
        return { response: renderArticleEditor(context, { ...input, key, notice: { kind: 'bad', text: t('kb.limitReached', { count: existing }) } }, 409) };
      }
      const now = new Date(context.nowMs).toISOString();
      const { session } = context;
      const { article } = await runtime.articles.create(chatOf(context), {
        ...input,
        authorId: session.userId,
        authorName: session.userName,
        editorId: session.userId,
        editorName: session.userName,
        createdAt: now,
        updatedAt: now,
      });
      return { response: renderArticle(context, { article, canModify: true, notice: { kind: 'ok', text: t('kb.saved') } }), outcome: { articleId: article.id } };
    },
    (outcome) => (outcome ? shownAgain(runtime, context, outcome.articleId, t('kb.saved')) : stillWorking(runtime, context)),
  );
};

/** A second sending whose first is still at work after the wait: the list, saying it will show up there. */
async function stillWorking(runtime: Runtime, context: SidebarContext): Promise<AppResponse> {
  const { t } = translatorOf(context);
  const all = await runtime.articles.list(chatOf(context));
  return renderArticleList(context, { articles: all, total: all.length, query: '', notice: { kind: 'ok', text: t('kb.stillWorking') } });
}

const edit: Action = async (runtime, context, fields) => {
  const { article, etag } = await findArticle(runtime, context, fields);
  requireModify(context, article);
  return renderArticleEditor(context, { id: article.id, etag, title: article.title, body: article.body });
};

const update: Action = async (runtime, context, fields) => {
  const { t } = translatorOf(context);
  const id = stringField(fields, 'id') ?? '';
  const etag = stringField(fields, 'etag') ?? '';
  const key = stringField(fields, 'key');
  const { input, errors } = readArticleForm(fields, t);
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
        const saved = await runtime.articles.update(chatOf(context), updated, etag);
        return { response: renderArticle(context, { article: saved.article, canModify: true, notice: { kind: 'ok', text: t('kb.saved') } }), outcome: { articleId: id } };
      } catch (error) {
        if (!(error instanceof EtagMismatchError)) throw error;
        // Someone saved meanwhile: show theirs, keep ours in the form, based on their version.
        const theirs = await runtime.articles.get(chatOf(context), id);
        if (!theirs) return { response: renderArticleEditor(context, { ...input, conflict: { gone: true } }, 409) };
        return { response: renderArticleEditor(context, { id, etag: theirs.etag, ...input, conflict: { theirs: theirs.article } }, 409) };
      }
    },
    (outcome) => (outcome ? shownAgain(runtime, context, outcome.articleId, t('kb.saved')) : stillWorking(runtime, context)),
  );
};

const confirmDelete: Action = async (runtime, context, fields) => {
  const stored = await findArticle(runtime, context, fields);
  requireModify(context, stored.article);
  return renderDeleteConfirm(context, stored);
};

const remove: Action = async (runtime, context, fields) => {
  const { t } = translatorOf(context);
  const id = stringField(fields, 'id') ?? '';
  const deleted = async (): Promise<AppResponse> => {
    const rest = await runtime.articles.list(chatOf(context));
    return renderArticleList(context, { articles: rest, total: rest.length, query: '', notice: { kind: 'ok', text: t('kb.deleted') } });
  };
  return onceOnly(
    runtime,
    context,
    fields,
    'remove',
    async () => {
      // One read serves the permission check and the list shown afterwards; then one write.
      const all = await runtime.articles.list(chatOf(context));
      const stored = all.find(({ article }) => article.id === id);
      if (!stored) throw new AppError('not_found', 'no such article in this chat');
      requireModify(context, stored.article);
      try {
        await runtime.articles.delete(chatOf(context), id, stringField(fields, 'etag') ?? '');
      } catch (error) {
        if (!(error instanceof EtagMismatchError)) throw error;
        // Changed since the confirmation was shown: confirm again against what it says now.
        return { response: renderDeleteConfirm(context, await findArticle(runtime, context, fields)) };
      }
      const rest = all.filter((entry) => entry !== stored);
      return { response: renderArticleList(context, { articles: rest, total: rest.length, query: '', notice: { kind: 'ok', text: t('kb.deleted') } }), outcome: { articleId: id } };
    },
    (outcome) => (outcome ? deleted() : stillWorking(runtime, context)),
  );
};

const post: Action = async (runtime, context, fields) => {
  const { t } = translatorOf(context);
  const { article } = await findArticle(runtime, context, fields);
  return onceOnly(
    runtime,
    context,
    fields,
    'post',
    async () => {
      const notice = await postArticle(runtime, context, article, excerptOf(article.body, 300));
      const response = renderArticle(context, { article, canModify: canModify(context, article), notice }, notice.kind === 'ok' ? 200 : 502);
      return notice.kind === 'ok' ? { response, outcome: { articleId: article.id } } : { response };
    },
    async (outcome) => renderArticle(context, { article, canModify: canModify(context, article), notice: { kind: 'ok', text: outcome ? t('kb.posted') : t('kb.stillWorking') } }),
  );
};

const newArticle: Action = async (_runtime, context) => renderArticleEditor(context, { title: '', body: '' });

/** The sidebar's actions, posted by its own forms to /api/placement/<action>. */
export const knowledgeBaseActions: Record<string, Action> = {
  list,
  open,
  new: newArticle,
  create,
  edit,
  update,
  delete: confirmDelete,
  remove,
  post,
};
