import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { Translator } from '../shared/i18n';
import { bodyMaxLength, characterCount, titleMaxLength } from './articleLimits';
import type { ArticleFormErrors } from './views/articleEditorView';

export interface ArticleInput {
  title: string;
  body: string;
}

/**
 * The title and body as typed, and what is wrong with them in the reader's language. Browsers send a
 * textarea's line breaks as CRLF: they are stored as one `\n` each and counted as one character, as the user
 * saw them in the editor.
 */
export function readArticleForm(fields: FieldTree, t: Translator['t']): { input: ArticleInput; errors?: ArticleFormErrors } {
  const input = { title: stringField(fields, 'title') ?? '', body: (stringField(fields, 'body') ?? '').replace(/\r\n?/g, '\n') };
  const errors: ArticleFormErrors = {};
  const titleLength = characterCount(input.title);
  const bodyLength = characterCount(input.body);
  if (input.title.trim() === '') errors.title = t('kb.error.titleRequired');
  else if (titleLength > titleMaxLength) errors.title = t('kb.error.titleTooLong', { max: titleMaxLength, count: titleLength });
  if (bodyLength > bodyMaxLength) errors.body = t('kb.error.bodyTooLong', { max: bodyMaxLength, count: bodyLength });
  return errors.title || errors.body ? { input, errors } : { input };
}
