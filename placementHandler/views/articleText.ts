import { formatOf, type Article, type ArticleSource } from '../../shared/storage/articleStore';
import { fillHtml, html, type SafeHtml } from '../../shared/web/html';
import { linkify } from '../../shared/web/linkify';
import { localTime } from '../../shared/web/localTime';
import { renderMarkdown } from '../../shared/web/markdown';
import { translatorOf, type SidebarContext } from './sidebarLayout';

/**
 * An article's text as every reader sees it: its Markdown rendered (shared/web/markdown.ts), or, for an
 * article in plain text, the text with its line breaks and its http(s) links.
 */
export function articleTextHtml(article: Pick<Article, 'body' | 'format'>, testId = 'article-body'): SafeHtml {
  return formatOf(article) === 'markdown'
    ? html`<div class="article-body markdown user-text" dir="auto" data-testid="${testId}">${renderMarkdown(article.body)}</div>`
    : html`<div class="article-body text" dir="auto" data-testid="${testId}">${linkify(article.body)}</div>`;
}

/**
 * Where a message is in the portal's messenger: the address the messenger itself links messages with
 * (`/online/?IM_DIALOG=…&IM_MESSAGE=…`), in the dialog as the reader sees it (a one-to-one chat is the other
 * person's id for each side).
 */
export function messageUrl(portalOrigin: string, dialogId: string, messageId: string): string {
  return `${portalOrigin}/online/?${new URLSearchParams({ IM_DIALOG: dialogId, IM_MESSAGE: messageId }).toString()}`;
}

/**
 * "From a message by <author>, <date>", kept with an article saved from a message, as a link that opens the
 * chat at that message (in the whole portal window: the frame is too small for the messenger).
 */
export function sourceLine(context: SidebarContext, source: ArticleSource): SafeHtml {
  const { t, date } = translatorOf(context);
  const when = Number.isNaN(Date.parse(source.date)) ? source.date : localTime(source.date, date(source.date), 'datetime');
  const text = fillHtml(t('capture.from'), { name: source.authorName || t('capture.systemAuthor'), date: when });
  const href = messageUrl(context.frameAncestor, context.session.dialogId, source.messageId);
  return html`<p class="meta source" data-testid="article-source"><a href="${href}" target="_top" data-testid="source-link">${text}</a></p>`;
}
