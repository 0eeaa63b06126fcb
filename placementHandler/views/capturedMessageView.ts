import type { ChatMessage } from '../../shared/bitrix24/chatMessage';
import type { CapturedText } from '../../shared/bitrix24/chatMessageToMarkdown';
import { translator, type Lang } from '../../shared/i18n';
import { html } from '../../shared/web/html';
import { renderMarkdown } from '../../shared/web/markdown';
import { renderPage, type AppResponse } from '../../shared/web/page';

export interface CapturedMessageView {
  lang: Lang;
  bx24ScriptUrl: string;
  frameAncestor: string;
  message: ChatMessage;
  captured: CapturedText;
}

/** A chat message as the article it makes: the suggested title, the text as formatted, where it came from. */
export function renderCapturedMessage(view: CapturedMessageView): AppResponse {
  const { t, date } = translator(view.lang);
  const { message, captured } = view;
  const author = message.authorName || t('capture.systemAuthor');
  const when = Number.isNaN(Date.parse(message.date)) ? message.date : date(message.date);
  return renderPage({
    lang: view.lang,
    title: t('capture.heading'),
    bx24ScriptUrl: view.bx24ScriptUrl,
    frameAncestor: view.frameAncestor,
    body: html`<section class="card" data-testid="captured-message" data-message-id="${message.id}">
<p class="muted">${t('capture.heading')}</p>
<h1 class="user-text" dir="auto" data-testid="captured-title">${captured.title}</h1>
<p class="meta" data-testid="captured-source">${t('capture.from', { name: author, date: when })}</p>
${captured.markdown.trim() === ''
      ? html`<p class="muted">${t('capture.noText')}</p>`
      : html`<div class="article-body markdown user-text" dir="auto" data-testid="captured-body">${renderMarkdown(captured.markdown)}</div>`}
</section>`,
  });
}
