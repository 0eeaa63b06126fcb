import { stringField } from '../shared/bitrix24/formFields';
import { readArticleForm } from './articleForm';
import { sourceFromForm } from './capturedSource';
import type { SidebarAction } from './sidebarAction';
import { renderArticleEditor, type ArticleFormErrors } from './views/articleEditorView';
import { translatorOf } from './views/sidebarLayout';

/**
 * The editor's Preview: the same form shown again with everything typed kept (its one-time key too, so the
 * Save after it still saves once) and the text below it as the article will show it. Nothing is written. The
 * limits are Save's: a title or text too long shows Save's error (400, as Save answers), and the preview shows
 * no more than an article can hold, whatever size was posted. A missing title is no error yet: the text can be
 * previewed before the title is typed.
 */
export const preview: SidebarAction = async (runtime, context, fields) => {
  const { t } = translatorOf(context);
  const { input, errors } = readArticleForm(fields, t);
  const id = stringField(fields, 'id');
  const tooLong: ArticleFormErrors = { ...(errors?.title && input.title.trim() !== '' ? { title: errors.title } : {}), ...(errors?.body ? { body: errors.body } : {}) };
  const shown = tooLong.title || tooLong.body ? tooLong : undefined;
  return renderArticleEditor(context, {
    ...input,
    ...(id ? { id, etag: stringField(fields, 'etag') ?? '' } : {}),
    source: sourceFromForm(runtime, context.session, fields),
    key: stringField(fields, 'key'),
    errors: shown,
    preview: true,
  }, shown ? 400 : 200);
};
