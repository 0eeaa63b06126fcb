import { stringField } from '../shared/bitrix24/formFields';
import { AppError } from '../shared/errors';
import { chatOf, requireModify } from './articleAccess';
import { onceOnly } from './onceOnly';
import type { SidebarAction } from './sidebarAction';
import { renderEraseConfirm } from './views/eraseConfirmView';
import { trashNow } from './articleTrashActions';
import { translatorOf, type Notice, type SidebarContext } from './views/sidebarLayout';
import { confirmingWriter, confirmWriter } from './writeChecks';

/** "Delete permanently?" for one trash entry, naming the article: it goes with its history, for good. */
export const confirmErase: SidebarAction = async (runtime, context, fields) => {
  const { t } = translatorOf(context);
  const key = stringField(fields, 'entry') ?? '';
  const found = await runtime.articles.trashed(chatOf(context), key);
  if (!found) return trashNow(runtime, context, { kind: 'bad', text: t('kb.trash.gone') });
  requireModify(context, found.article);
  return renderEraseConfirm(context, {
    heading: t('kb.erase.title'),
    text: t('kb.erase.entryText', { title: found.article.title }),
    erase: { action: 'erase', fields: { entry: key } },
    cancel: { action: 'trashEntry', fields: { entry: key } },
    view: { then: 'confirmErase', entry: key },
  });
};

/**
 * Deletes a trash entry for good, with its article's history, for who may edit the article (asked of the
 * portal at that moment, while the entry is read). Sent twice, deletes once; an entry no longer there
 * (restored, purged, deleted by someone else) is said so.
 */
export const erase: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const { confirmed, check } = confirmingWriter(runtime, asked);
  const done = async (notice: Notice) => trashNow(runtime, await confirmed, notice);
  return onceOnly(
    runtime,
    asked,
    fields,
    'erase',
    async () => {
      const erased = await runtime.articles.eraseTrashed(chatOf(asked), stringField(fields, 'entry') ?? '', check);
      if (!erased) return { response: await done({ kind: 'bad', text: t('kb.trash.gone') }) };
      return { response: await done({ kind: 'ok', text: t('kb.erase.done') }), outcome: {} };
    },
    async (outcome) => done({ kind: 'ok', text: outcome ? t('kb.erase.done') : t('kb.stillWorking') }),
  );
};

/** Only the chat's owner and managers empty the trash: it holds other people's articles. */
function requireModerator(context: SidebarContext): void {
  if (!context.session.canModerate) throw new AppError('forbidden', 'only the chat owner or a manager may empty the trash');
}

/** "Empty the trash?": how many articles go for good, with their history. */
export const confirmEmptyTrash: SidebarAction = async (runtime, context) => {
  const { t } = translatorOf(context);
  requireModerator(context);
  const page = await runtime.articles.trash(chatOf(context));
  const newest = page.entries[0];
  if (!newest) return trashNow(runtime, context, { kind: 'ok', text: t('kb.trash.empty') });
  return renderEraseConfirm(context, {
    heading: t('kb.erase.emptyTitle'),
    text: t('kb.erase.emptyText', { count: page.more ? `${page.entries.length}+` : page.entries.length }),
    // What was deleted after this page was shown stays: nobody was asked about it.
    erase: { action: 'emptyTrash', fields: { entry: newest.key } },
    cancel: { action: 'trash', fields: {} },
    view: { then: 'confirmEmptyTrash' },
  });
};

/** Empties the trash for good (up to what the confirmation showed), for the chat's owner and managers asked of the portal at that moment. */
export const emptyTrash: SidebarAction = async (runtime, asked, fields) => {
  const { t } = translatorOf(asked);
  const context = await confirmWriter(runtime, asked);
  requireModerator(context);
  const emptied = (result: { erased: number; more: boolean }) =>
    trashNow(runtime, context, { kind: 'ok', text: result.more ? t('kb.erase.emptiedSome', { count: result.erased }) : t('kb.erase.emptied') });
  // Sent again after it finished: the trash as it is now shows what is left.
  const done = async (outcome: object | undefined) => trashNow(runtime, context, { kind: 'ok', text: outcome ? t('kb.erase.emptied') : t('kb.stillWorking') });
  return onceOnly(
    runtime,
    context,
    fields,
    'emptyTrash',
    async () => {
      const result = await runtime.articles.emptyTrash(chatOf(context), stringField(fields, 'entry') ?? '');
      return { response: await emptied(result), outcome: {} };
    },
    done,
  );
};
