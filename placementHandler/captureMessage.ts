import { chatMessageCommand, chatMessageFrom } from '../shared/bitrix24/chatMessage';
import { chatMessageToMarkdown } from '../shared/bitrix24/chatMessageToMarkdown';
import { messageMenuTarget, type FrameRequest } from '../shared/bitrix24/schemas';
import { pickLang } from '../shared/i18n';
import type { Runtime } from '../shared/runtime';
import { portalOrigin, type AppResponse } from '../shared/web/page';
import { askAsVisitor } from './askAsVisitor';
import { trustedInstallation } from './trustedInstallation';
import { renderCapturedMessage } from './views/capturedMessageView';

/**
 * The message menu's "Save to knowledge base" (PLACEMENT=IM_CONTEXT_MENU): verified like a sidebar open, the
 * message read with the user's own token (so only a member sees it, and only a message of that dialog), and
 * shown as the article it would make. The editor that saves it comes in its place (issue 13, part B).
 */
export async function captureMessage(runtime: Runtime, form: FrameRequest): Promise<AppResponse> {
  const target = messageMenuTarget(form);
  const { installation } = await trustedInstallation(runtime, form);
  const answer = await askAsVisitor(runtime, installation, form, { message: chatMessageCommand(target) });
  const message = chatMessageFrom(answer.results.message, answer.errors.message, target);
  return renderCapturedMessage({
    lang: pickLang(form.LANG),
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(answer.portal),
    message,
    captured: chatMessageToMarkdown(message.text),
  });
}
