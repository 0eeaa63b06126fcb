import { stringField } from '../shared/bitrix24/formFields';
import { readArticleForm } from './articleForm';
import { sourceFromForm } from './capturedSource';
import type { SidebarAction } from './sidebarAction';
import { renderArticleEditor } from './views/articleEditorView';
import { translatorOf } from './views/sidebarLayout';

/**
 * The editor's Preview: the same form shown again with everything typed kept (its one-time key too, so the
 * Save after it still saves once) and the text below it as the article will show it. Nothing is written.
 */
export const preview: SidebarAction = async (runtime, context, fields) => {
  const { t } = translatorOf(context);
  const { input } = readArticleForm(fields, t);
  const id = stringField(fields, 'id');
  return renderArticleEditor(context, {
    ...input,
    ...(id ? { id, etag: stringField(fields, 'etag') ?? '' } : {}),
    source: sourceFromForm(runtime, context.session, fields),
    key: stringField(fields, 'key'),
    preview: true,
  });
};
