import type { Article } from '../../shared/storage/articleStore';
import { html } from '../../shared/web/html';
import type { AppResponse } from '../../shared/web/page';
import { actionButton, actionUrl, noticeBlock, renderSidebar, sessionFields, translatorOf, type Notice, type SidebarContext } from './sidebarLayout';

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
}

export const titleMaxLength = 200;
export const bodyMaxLength = 20_000;

/** Write or edit an article; errors are shown next to their fields, with everything typed kept. */
export function renderArticleEditor(context: SidebarContext, view: ArticleEditorView, status = 200): AppResponse {
  const { t } = translatorOf(context);
  const editing = view.id !== undefined && !(view.conflict && 'gone' in view.conflict);
  const errors = view.errors ?? {};
  const conflict = view.conflict;
  const heading = editing ? t('kb.editTitle') : t('kb.newTitle');
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
<form method="post" action="${actionUrl(editing ? 'update' : 'create')}" data-testid="article-form">${sessionFields(context)}
${editing ? html`<input type="hidden" name="id" value="${view.id}"><input type="hidden" name="etag" value="${view.etag}">` : ''}
<div class="field${errors.title ? ' invalid' : ''}">
<label for="title">${t('kb.title')}</label>
<input type="text" id="title" name="title" value="${view.title}" required maxlength="${titleMaxLength}" dir="auto"${errors.title ? html` aria-invalid="true" aria-describedby="title-error"` : ''}>
${errors.title ? html`<p class="field-error" id="title-error">${errors.title}</p>` : ''}
</div>
<div class="field${errors.body ? ' invalid' : ''}">
<label for="body">${t('kb.body')} <span class="muted hint">${t('kb.bodyHint')}</span></label>
<textarea id="body" name="body" maxlength="${bodyMaxLength}" dir="auto"${errors.body ? html` aria-invalid="true" aria-describedby="body-error"` : ''}>${view.body}</textarea>
${errors.body ? html`<p class="field-error" id="body-error">${errors.body}</p>` : ''}
</div>
<div class="row"><button type="submit" class="btn" data-testid="save">${t('kb.save')}</button></div>
</form>
<div class="row">${editing && view.id ? actionButton(context, 'open', t('kb.cancel'), { fields: { id: view.id }, className: 'btn link', testId: 'cancel' }) : actionButton(context, 'list', t('kb.cancel'), { className: 'btn link', testId: 'cancel' })}</div>
</section>`,
    status,
  );
}
