import type { Article, ArticleFormat, ArticleSource } from '../../shared/storage/articleStore';
import { html, type SafeHtml } from '../../shared/web/html';
import type { AppResponse } from '../../shared/web/page';
import { bodyMaxLength, characterCount, titleMaxLength } from '../articleLimits';
import { articleTextHtml, sourceLine } from './articleText';
import { captureCancel } from './captureDoneView';
import { actionButton, actionUrl, formKey, noticeBlock, renderSidebar, sessionFields, translatorOf, type Notice, type SidebarContext } from './sidebarLayout';

export interface ArticleFormErrors {
  title?: string;
  body?: string;
}

export interface ArticleEditorView {
  /** absent: a new article */
  id?: string;
  /** the version the edit is based on */
  etag?: string;
  title: string;
  body: string;
  format: ArticleFormat;
  /** the chat message a new article is saved from, and the signed token the form carries for it */
  source?: { source: ArticleSource; token: string };
  errors?: ArticleFormErrors;
  /** someone else saved (theirs) or deleted the article meanwhile */
  conflict?: { theirs: Article } | { gone: true };
  notice?: Notice;
  /** the form's one-time key, kept when the same form is shown again with its errors */
  key?: string;
  /** shows the text below the form as the article will show it */
  preview?: boolean;
}

/** The Markdown the editor explains: what to type, and what it makes. */
const formatHelp = [
  ['# …', 'kb.help.heading'],
  ['**…**', 'kb.help.bold'],
  ['*…*', 'kb.help.italic'],
  ['- …', 'kb.help.bullets'],
  ['1. …', 'kb.help.numbers'],
  ['`…`', 'kb.help.code'],
  ['```', 'kb.help.codeBlock'],
  ['> …', 'kb.help.quote'],
  ['[…](https://…)', 'kb.help.link'],
] as const;

/**
 * Write or edit an article; errors are shown next to their fields, with everything typed kept. The text says
 * how much room is left (the page script keeps it current and says when a paste was cut), the editor says
 * which formatting it takes and shows the text as it will look (Preview: a server-rendered page without
 * JavaScript, in place with it), and the form carries a one-time key so that sending it twice saves once.
 * An article saved from a chat message says so, and where the message is.
 */
export function renderArticleEditor(context: SidebarContext, view: ArticleEditorView, status = 200): AppResponse {
  const { t, plural, pluralForms } = translatorOf(context);
  const editing = view.id !== undefined && !(view.conflict && 'gone' in view.conflict);
  const errors = view.errors ?? {};
  const conflict = view.conflict;
  const heading = view.source ? t('capture.heading') : editing ? t('kb.editTitle') : t('kb.newTitle');
  const described = (id: string, error: boolean) =>
    html` aria-describedby="${error ? `${id}-error ` : ''}${id}-cut${id === 'body' ? ' body-counter format-hint' : ''}"${error ? html` aria-invalid="true"` : ''}`;
  const cut = (id: string, max: number) => html`<p class="hint" id="${id}-cut" role="status" data-testid="${id}-cut" hidden>${t('kb.pasteCut', { max })}</p>`;
  const counterForms = Object.entries(pluralForms('kb.left')).map(([category, text]) => html` data-${category}="${text}"`);
  const markdown = view.format === 'markdown';
  // Where the cursor starts: a field to mend, else the title, or the text when the title is there already.
  const first = errors.title ? 'title' : errors.body ? 'body' : view.title.trim() === '' ? 'title' : 'body';
  const focus = (id: string) => (id === first ? html` autofocus` : '');
  return renderSidebar(
    context,
    heading,
    html`${noticeBlock(view.notice)}
${conflict && 'theirs' in conflict
  ? html`<section class="card notice-bad" role="alert" data-testid="conflict">
<h2>${t('kb.conflictTitle')}</h2>
<p>${t('kb.conflictText', { name: conflict.theirs.editorName })}</p>
<h3>${t('kb.theirVersion')}</h3>
<div class="version" data-testid="their-version"><p><strong class="user-text" dir="auto">${conflict.theirs.title}</strong></p><div class="text" dir="auto">${conflict.theirs.body}</div></div>
</section>`
  : ''}
${conflict && 'gone' in conflict ? html`<p class="card notice-bad" role="alert" data-testid="conflict">${t('kb.goneMeanwhile')}</p>` : ''}
<section class="card">
<h2>${conflict && 'theirs' in conflict ? t('kb.yourVersion') : heading}</h2>
${view.source ? html`<p class="muted" data-testid="capture-into">${t('capture.into', { chat: context.session.chatName })}</p>${sourceLine(context, view.source.source)}` : ''}
${errors.title || errors.body ? html`<p class="field-error" role="alert">${t('kb.formHasErrors')}</p>` : ''}
<form method="post" action="${actionUrl(editing ? 'update' : 'create')}" id="article-form" data-testid="article-form">${sessionFields(context)}
<input type="hidden" name="key" value="${view.key ?? formKey()}">
${editing ? html`<input type="hidden" name="id" value="${view.id}"><input type="hidden" name="etag" value="${view.etag}">` : ''}
${view.source ? html`<input type="hidden" name="source" value="${view.source.token}">` : ''}
<div class="field${errors.title ? ' invalid' : ''}">
<label for="title">${t('kb.title')}</label>
<input type="text" id="title" name="title" value="${view.title}" required maxlength="${titleMaxLength}" data-max="${titleMaxLength}" data-cut="title-cut" dir="auto"${described('title', Boolean(errors.title))}${focus('title')}>
${errors.title ? html`<p class="field-error" id="title-error">${errors.title}</p>` : ''}
${cut('title', titleMaxLength)}
</div>
<div class="field${errors.body ? ' invalid' : ''}">
<label for="body">${t('kb.body')}</label>
<textarea id="body" name="body" maxlength="${bodyMaxLength}" data-max="${bodyMaxLength}" data-counter="body-counter" data-cut="body-cut" dir="auto"${described('body', Boolean(errors.body))}${focus('body')}>${view.body}</textarea>
${errors.body ? html`<p class="field-error" id="body-error">${errors.body}</p>` : ''}
${cut('body', bodyMaxLength)}
<p class="counter" id="body-counter" data-testid="body-counter"${counterForms}>${plural('kb.left', bodyMaxLength - characterCount(view.body))}</p>
<label class="check"><input type="checkbox" name="format" value="markdown" data-testid="format"${markdown ? html` checked` : ''}> ${t('kb.format')}</label>
<p class="hint" id="format-hint">${t('kb.formatHint')}</p>
${formatHelpBlock(context)}
</div>
</form>
<div class="actions"><button type="submit" form="article-form" class="btn primary" data-testid="save">${t('kb.save')}</button>
<button type="submit" form="article-form" class="btn" formaction="${actionUrl('preview')}#preview" formnovalidate data-preview="preview" data-testid="preview-button">${t('kb.preview')}</button>
${cancelButton(context, view, editing)}</div>
</section>
<section class="card preview" id="preview" data-testid="preview" aria-live="polite"${view.preview ? '' : html` hidden`}>${view.preview ? previewContent(context, view) : ''}</section>`,
    status,
    editing && view.id ? { then: 'edit', id: view.id } : view.source ? { then: 'list' } : { then: 'new' },
  );
}

/** Back where the editor was opened from: the article, the list, or (in the message menu's slider) closed. */
function cancelButton(context: SidebarContext, view: ArticleEditorView, editing: boolean): SafeHtml {
  const { t } = translatorOf(context);
  if (view.source) return captureCancel(context, t('kb.cancel'));
  if (editing && view.id) return actionButton(context, 'open', t('kb.cancel'), { fields: { id: view.id }, className: 'btn link', testId: 'cancel' });
  return actionButton(context, 'list', t('kb.cancel'), { className: 'btn link', testId: 'cancel' });
}

/**
 * The article as it will look: its title and its text, rendered by the server exactly as the article page
 * does, at most as long as an article may be (a form posted with more shows its errors and the start).
 */
function previewContent(context: SidebarContext, view: ArticleEditorView): SafeHtml {
  const { t } = translatorOf(context);
  return html`<h2 class="section">${t('kb.preview')}</h2>
<h3 class="article-title user-text" dir="auto" data-testid="preview-title">${firstCharacters(view.title, titleMaxLength)}</h3>
${articleTextHtml({ body: firstCharacters(view.body, bodyMaxLength), format: view.format }, 'preview-body')}`;
}

/** The first `count` characters (code points, as articleLimits counts them) of a text: never half an emoji. */
function firstCharacters(text: string, count: number): string {
  if (text.length <= count) return text;
  let end = 0;
  for (let seen = 0; seen < count && end < text.length; seen++) {
    const code = text.charCodeAt(end);
    const next = text.charCodeAt(end + 1);
    end += code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return text.slice(0, end);
}

function formatHelpBlock(context: SidebarContext): SafeHtml {
  const { t } = translatorOf(context);
  return html`<details class="format-help" data-testid="format-help"><summary>${t('kb.help.title')}</summary>
<dl>${formatHelp.map(([typed, key]) => html`<dt><code>${typed}</code></dt><dd>${t(key)}</dd>`)}</dl>
<p class="hint">${t('kb.help.rest')}</p>
</details>`;
}
