import { AppError } from '../shared/errors';
import { chatMessageCommand, chatMessageFrom } from '../shared/bitrix24/chatMessage';
import { chatMessageToMarkdown } from '../shared/bitrix24/chatMessageToMarkdown';
import { messageMenuTarget, type FrameRequest } from '../shared/bitrix24/schemas';
import { pickLang } from '../shared/i18n';
import type { Runtime } from '../shared/runtime';
import type { ArticleSource } from '../shared/storage/articleStore';
import { portalOrigin, type AppResponse } from '../shared/web/page';
import { clipName, maxUserNameUnits, sessionLifetimeSeconds, signSession } from '../shared/web/session';
import { askAsVisitor } from './askAsVisitor';
import { sealSource } from './capturedSource';
import { memberCommands, memberOf, sessionFor } from './chatMember';
import { keepVisit } from './openSidebar';
import { trustedInstallation } from './trustedInstallation';
import { renderArticleEditor } from './views/articleEditorView';
import { translatorOf, type SidebarContext } from './views/sidebarLayout';

/**
 * The message menu's "Save to knowledge base" (PLACEMENT=IM_CONTEXT_MENU), verified like a sidebar open: the
 * stored portal, then one batch with the user's own token that confirms the user (user.current), their place
 * in the chat (im.dialog.get) and reads that one message (im.dialog.messages.get), so only a member sees it,
 * and only a message of that dialog. It opens the article editor with the message as the article it makes:
 * the suggested title, the text in the articles' Markdown (shown as it will look), and where it came from;
 * saving it is the sidebar's own create, in that chat's knowledge base.
 */
export async function captureMessage(runtime: Runtime, form: FrameRequest): Promise<AppResponse> {
  const target = messageMenuTarget(form);
  const { installation } = await trustedInstallation(runtime, form);
  const answer = await askAsVisitor(runtime, installation, form, { ...memberCommands(target.dialogId), message: chatMessageCommand(target) });
  const confirmedAt = runtime.nowMs();
  const { user, dialog } = memberOf(answer);
  const message = chatMessageFrom(answer.results.message, answer.errors.message, target);
  if (message.chatId !== 0 && message.chatId !== dialog.id) throw new AppError('message_not_found', 'the message belongs to another chat');
  const kept = keepVisit(runtime, installation, user.ID, answer.tokens);
  kept.catch(() => undefined); // awaited before the page is sent

  const session = sessionFor(
    { memberId: installation.memberId, dialogId: target.dialogId, lang: pickLang(form.LANG), installId: installation.installId, expiresAt: runtime.now() + sessionLifetimeSeconds },
    user,
    dialog,
    confirmedAt,
  );
  const context: SidebarContext = {
    session,
    sessionToken: signSession(runtime.config.sessionSecret, session),
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(answer.portal),
    nowMs: runtime.nowMs(),
  };
  const source: ArticleSource = {
    messageId: message.id,
    authorId: message.authorId,
    authorName: clipName(message.authorName, maxUserNameUnits),
    date: message.date.slice(0, 64),
  };
  const captured = chatMessageToMarkdown(message.text);
  const { t } = translatorOf(context);
  await kept;
  return renderArticleEditor(context, {
    title: captured.title,
    body: captured.markdown,
    format: 'markdown',
    source: { source, token: sealSource(runtime, session, source) },
    preview: captured.markdown.trim() !== '',
    notice: captured.markdown.trim() === '' ? { kind: 'bad', text: t('capture.noText') } : undefined,
  });
}
