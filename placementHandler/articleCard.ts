import { chatLine, chatMarkup, chatText } from '../shared/bitrix24/chatMarkup';
import { markdownToChatMarkup } from '../shared/bitrix24/chatMarkupFromMarkdown';
import type { Translator } from '../shared/i18n';
import { formatOf, type Article, type ArticleSource } from '../shared/storage/articleStore';
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

/** The chat a card is posted in, as the sidebar's session knows it. */
export interface CardChat {
  /** the numeric chat id (both people of a one-to-one chat share it) */
  id: number;
  /** the session's chatKind: 'private' for a one-to-one chat */
  kind: string;
}

/**
 * An article as a chat card (protocol notes 7b): its title, the start of its text as formatted (or as typed,
 * for a plain-text article), who wrote it and when it last changed, the message it was saved from, and where
 * the rest is. The only markup is the app's own; every user value (title, text, names, in every block and in
 * the GRID's values) is neutralised (chatText), so nothing the author typed becomes a tag, a mention, a
 * command, a quote or Markdown. The largest article and names serialise to well under 60,000 characters.
 */
export function articleCard(article: Article, t: Translator['t'], day: Translator['day'], chat: CardChat): ArticleCard {
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
    ...(article.source ? [sourceBlock(article.source, t, day, chat)] : []),
    { MESSAGE: chatMarkup`[I]${t('kb.card.footer')}[/I]`.value },
  ];
  return {
    MESSAGE: chatMarkup`${t('kb.card.lead')} [B]${title}[/B]`.value,
    ATTACH: { ID: 1, COLOR_TOKEN: 'primary', BLOCKS: blocks },
    URL_PREVIEW: 'N',
  };
}

/**
 * Where the article came from. In a group chat, a link to the message as the messenger links its own
 * (`/online/?IM_DIALOG=chat<id>&IM_MESSAGE=<id>`, relative to the portal: a LINK block takes a path that starts
 * with `/`, as Bitrix24's CIMMessageParamAttach::AddLink checks), the same for every reader. A one-to-one
 * chat has no such address: each of the two opens it as the other's user id, and one card shows both the same
 * link (Bitrix24's own quotes link the dialog only for group chats). There the card says whose message it was
 * and when, without a link.
 */
function sourceBlock(source: ArticleSource, t: Translator['t'], day: Translator['day'], chat: CardChat): Record<string, unknown> {
  if (chat.kind !== 'private') return { LINK: { NAME: chatText(t('kb.card.source')), LINK: `/online/?IM_DIALOG=chat${chat.id}&IM_MESSAGE=${source.messageId}` } };
  const from = t('capture.from', { name: source.authorName || t('capture.systemAuthor'), date: day(source.date) });
  return { MESSAGE: chatMarkup`[I]${chatLine(from)}[/I]`.value };
}
