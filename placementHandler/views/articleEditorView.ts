import type { Article } from '../../shared/storage/articleStore';
import { html } from '../../shared/web/html';
import type { AppResponse } from '../../shared/web/page';
import { bodyMaxLength, characterCount, titleMaxLength } from '../articleLimits';
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
  errors?: ArticleFormErrors;
  /** someone else saved (theirs) or deleted the article meanwhile */
  conflict?: { theirs: Article } | { gone: true };
  notice?: Notice;
  /** the form's one-time key, kept when the same form is shown again with its errors */
  key?: string;
}

/**
 * Write or edit an article; errors are shown next to their fields, with everything typed kept. The text says
 * how much room is left (the page script keeps it current and says when a paste was cut), and the form
 * carries a one-time key so that sending it twice saves once.
 */
export function renderArticleEditor(context: SidebarContext, view: ArticleEditorView, status = 200): AppResponse {
  const { t, plural, pluralForms } = translatorOf(context);
  const editing = view.id !== undefined && !(view.conflict && 'gone' in view.conflict);
  const errors = view.errors ?? {};
  const conflict = view.conflict;
  const heading = editing ? t('kb.editTitle') : t('kb.newTitle');
  const described = (id: string, error: boolean) => html` aria-describedby="${error ? `${id}-error ` : ''}${id}-cut${id === 'body' ? ' body-counter' : ''}"${error ? html` aria-invalid="true"` : ''}`;
  const cut = (id: string, max: number) => html`<p class="hint" id="${id}-cut" role="status" data-testid="${id}-cut" hidden>${t('kb.pasteCut', { max })}</p>`;
  const counterForms = Object.entries(pluralForms('kb.left')).map(([category, text]) => html` data-${category}="${text}"`);
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
${errors.title || errors.body ? html`<p class="field-error" role="alert">${t('kb.formHasErrors')}</p>` : ''}
<form method="post" action="${actionUrl(editing ? 'update' : 'create')}" id="article-form" data-testid="article-form">${sessionFields(context)}
<input type="hidden" name="key" value="${view.key ?? formKey()}">
${editing ? html`<input type="hidden" name="id" value="${view.id}"><input type="hidden" name="etag" value="${view.etag}">` : ''}
<div class="field${errors.title ? ' invalid' : ''}">
<label for="title">${t('kb.title')}</label>
<input type="text" id="title" name="title" value="${view.title}" required maxlength="${titleMaxLength}" data-max="${titleMaxLength}" data-cut="title-cut" dir="auto"${described('title', Boolean(errors.title))}>
${errors.title ? html`<p class="field-error" id="title-error">${errors.title}</p>` : ''}
${cut('title', titleMaxLength)}
</div>
<div class="field${errors.body ? ' invalid' : ''}">
<label for="body">${t('kb.body')}</label>
<textarea id="body" name="body" maxlength="${bodyMaxLength}" data-max="${bodyMaxLength}" data-counter="body-counter" data-cut="body-cut" dir="auto"${described('body', Boolean(errors.body))}>${view.body}</textarea>
${errors.body ? html`<p class="field-error" id="body-error">${errors.body}</p>` : ''}
${cut('body', bodyMaxLength)}
<p class="counter" id="body-counter" data-testid="body-counter"${counterForms}>${plural('kb.left', bodyMaxLength - characterCount(view.body))}</p>
<p class="hint">${t('kb.bodyHint')}</p>
</div>
</form>
<div class="actions"><button type="submit" form="article-form" class="btn primary" data-testid="save">${t('kb.save')}</button>
${editing && view.id ? actionButton(context, 'open', t('kb.cancel'), { fields: { id: view.id }, className: 'btn link', testId: 'cancel' }) : actionButton(context, 'list', t('kb.cancel'), { className: 'btn link', testId: 'cancel' })}</div>
</section>`,
    status,
    editing && view.id ? { then: 'edit', id: view.id } : { then: 'new' },
  );
}
