import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { Translator } from '../shared/i18n';
import type { ArticleFormat } from '../shared/storage/articleStore';
import { bodyMaxLength, characterCount, titleMaxLength } from './articleLimits';
import type { ArticleFormErrors } from './views/articleEditorView';

export interface ArticleInput {
  title: string;
  body: string;
  format: ArticleFormat;
}

/**
 * The title, body and format as typed, and what is wrong with them in the reader's language. Browsers send a
 * textarea's line breaks as CRLF: they are stored as one `\n` each and counted as one character, as the user
 * saw them in the editor; the Unicode line and paragraph separators (U+2028, U+2029) are line breaks too, and
 * in the one-line title spaces. (Storage's emulator also refuses them in a transaction.) Formatting is on only
 * when its box was ticked: a form without it (sent before formatting existed, or with the box cleared) keeps
 * the text plain.
 */
export function readArticleForm(fields: FieldTree, t: Translator['t']): { input: ArticleInput; errors?: ArticleFormErrors } {
  const input: ArticleInput = {
    title: (stringField(fields, 'title') ?? '').replace(/[\u2028\u2029]/g, ' '),
    body: (stringField(fields, 'body') ?? '').replace(/\r\n?|[\u2028\u2029]/g, '\n'),
    format: stringField(fields, 'format') === 'markdown' ? 'markdown' : 'text',
  };
  const errors: ArticleFormErrors = {};
  const titleLength = characterCount(input.title);
  const bodyLength = characterCount(input.body);
  if (input.title.trim() === '') errors.title = t('kb.error.titleRequired');
  else if (titleLength > titleMaxLength) errors.title = t('kb.error.titleTooLong', { max: titleMaxLength, count: titleLength });
  if (bodyLength > bodyMaxLength) errors.body = t('kb.error.bodyTooLong', { max: bodyMaxLength, count: bodyLength });
  return errors.title || errors.body ? { input, errors } : { input };
}
