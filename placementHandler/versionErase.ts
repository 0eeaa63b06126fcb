import { stringField } from '../shared/bitrix24/formFields';
import { chatOf, findArticle, missingArticle, requireModify } from './articleAccess';
import { historyPage } from './articleHistory';
import { onceOnly } from './onceOnly';
import type { SidebarAction } from './sidebarAction';
import { renderEraseConfirm } from './views/eraseConfirmView';
import { translatorOf } from './views/sidebarLayout';
import { confirmingWriter } from './writeChecks';

/**
 * "Delete this version?" for one earlier version, naming it (its title, who saved it, when). The current
 * version is not one of them: it changes by editing the article, or goes by deleting it.
 */
export const confirmEraseVersion: SidebarAction = async (runtime, context, fields) => {
  const { t, date } = translatorOf(context);
  const id = stringField(fields, 'id') ?? '';
  const key = stringField(fields, 'version') ?? '';
  const [current, found] = await Promise.all([findArticle(runtime, context, fields), runtime.articles.version(chatOf(context), id, key)]);
  requireModify(context, current.article);
  if (!found) return historyPage(runtime, context, id, { kind: 'bad', text: t('kb.history.gone') });
  return renderEraseConfirm(context, {
    heading: t('kb.erase.versionTitle'),
    text: t('kb.erase.versionText', { title: found.title, name: found.editorName, date: date(found.savedAt) }),
    erase: { action: 'eraseVersion', fields: { id, version: key } },
    cancel: { action: 'history', fields: { id } },
    view: { then: 'confirmEraseVersion', id, version: key },
  });
};

/**
 * Deletes an earlier version for good, for who may edit the article (asked of the portal at that moment, while
 * the article is read); the article counts one version fewer. Sent twice, deletes once; a version no longer
 * there is said so on the history page.
 */
export const eraseVersion: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const id = stringField(fields, 'id') ?? '';
  const { confirmed, check } = confirmingWriter(runtime, asked);
  return onceOnly(
    runtime,
    asked,
    fields,
    'eraseVersion',
    async () => {
      const erased = await runtime.articles.eraseVersion(chatOf(asked), id, stringField(fields, 'version') ?? '', check);
      const context = await confirmed;
      if (erased === null) return missingArticle(runtime, context, id);
      if (erased === 'gone') return { response: await historyPage(runtime, context, id, { kind: 'bad', text: t('kb.history.gone') }) };
      return { response: await historyPage(runtime, context, id, { kind: 'ok', text: t('kb.history.erased') }), outcome: { articleId: id } };
    },
    async (outcome) => historyPage(runtime, await confirmed, id, { kind: 'ok', text: outcome ? t('kb.history.erased') : t('kb.stillWorking') }),
  );
};
