import { chatLine, chatMarkup, chatText } from '../shared/bitrix24/chatMarkup';
import { markdownToChatMarkup } from '../shared/bitrix24/chatMarkupFromMarkdown';
import type { Translator } from '../shared/i18n';
import { formatOf, type Article } from '../shared/storage/articleStore';
import { excerptOf } from '../shared/storage/excerptOf';

/** `im.message.add` refuses an ATTACH longer than this, serialised (ATTACH_OVERSIZE). */
export const maxAttachLength = 60_000;

/** What "Post to chat" sends with `im.message.add` (besides the dialog): a short message and a card. */
export interface ArticleCard {
  /** what the chat list and notifications show, which get no card */
  MESSAGE: string;
  ATTACH: { ID: number; COLOR_TOKEN: 'primary'; BLOCKS: Record<string, unknown>[] };
  /** no link preview: a link in the text must not post a card its author chose under the poster's name */
  URL_PREVIEW: 'N';
}

/**
 * An article as a chat card (protocol notes 7b): its title, the start of its text as formatted (or as typed,
 * for a plain-text article), who wrote it and when it last changed, the message it was saved from, and where
 * the rest is. The only markup is the app's own; every user value (title, text, names, in every block and in
 * the GRID's values) is neutralised (chatText), so nothing the author typed becomes a tag, a mention, a
 * command, a quote or Markdown. The largest article and names serialise to well under 60,000 characters.
 */
export function articleCard(article: Article, t: Translator['t'], day: Translator['day'], chatId: number): ArticleCard {
  const title = chatLine(article.title);
  const text = formatOf(article) === 'markdown' ? markdownToChatMarkup(article.body) : chatMarkup`${excerptOf(article.body, 300)}`;
  const blocks: Record<string, unknown>[] = [
    { MESSAGE: chatMarkup`[B]${title}[/B]`.value },
    ...(text.value.trim() === '' ? [] : [{ MESSAGE: text.value }]),
    { DELIMITER: { SIZE: 200, COLOR: '#c6cdd3' } },
    {
      GRID: [
        { NAME: chatText(t('kb.card.author')), VALUE: chatText(article.authorName), DISPLAY: 'LINE' },
        { NAME: chatText(t('kb.card.changed')), VALUE: chatText(day(article.updatedAt)), DISPLAY: 'LINE' },
      ],
    },
    // Relative to the portal, as the messenger links its own messages: the same for everyone in the chat.
    ...(article.source ? [{ LINK: { NAME: chatText(t('kb.card.source')), LINK: `/online/?IM_DIALOG=chat${chatId}&IM_MESSAGE=${article.source.messageId}` } }] : []),
    { MESSAGE: chatMarkup`[I]${t('kb.card.footer')}[/I]`.value },
  ];
  return {
    MESSAGE: chatMarkup`${t('kb.card.lead')} [B]${title}[/B]`.value,
    ATTACH: { ID: 1, COLOR_TOKEN: 'primary', BLOCKS: blocks },
    URL_PREVIEW: 'N',
  };
}
