import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { Translator } from '../shared/i18n';
import { bodyMaxLength, titleMaxLength, type ArticleFormErrors } from './views/articleEditorView';

export interface ArticleInput {
  title: string;
  body: string;
}

/** The title and body as typed (stored exactly), and what is wrong with them in the reader's language. */
export function readArticleForm(fields: FieldTree, t: Translator['t']): { input: ArticleInput; errors?: ArticleFormErrors } {
  const input = { title: stringField(fields, 'title') ?? '', body: stringField(fields, 'body') ?? '' };
  const errors: ArticleFormErrors = {};
  const titleLength = [...input.title].length;
  const bodyLength = [...input.body].length;
  if (input.title.trim() === '') errors.title = t('kb.error.titleRequired');
  else if (titleLength > titleMaxLength) errors.title = t('kb.error.titleTooLong', { max: titleMaxLength, count: titleLength });
  if (bodyLength > bodyMaxLength) errors.body = t('kb.error.bodyTooLong', { max: bodyMaxLength, count: bodyLength });
  return errors.title || errors.body ? { input, errors } : { input };
}
