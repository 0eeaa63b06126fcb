import type { ChatMessage } from '../../../local/simulator/types';
import { chatTagsOf, quoteBlocksOf, quoteLinesOf } from '../../support/chatTags';

/**
 * The only markup the app itself writes into a chat message and its card: bold, italics, line breaks, and
 * links to http(s) addresses (from the article's own formatting), whose value holds nothing that could end
 * the tag or read as Markdown. No [CODE] and no quotes: a card renders neither, so the app writes neither.
 */
const ownTag = /^\[\/?(B|I|URL)\]$|^\[BR\]$|^\[URL=https?:\/\/[^\s[\]*`]+\]$/;

/** Where a card's LINK block may lead: an http(s) address, or the portal's own messenger. */
const ownLink = /^https?:\/\/[^\s]+$|^\/online\/\?IM_DIALOG=chat\d+&IM_MESSAGE=\d+$/;

/** `im.message.add` refuses an ATTACH longer than this, serialised. */
const maxAttachLength = 60_000;

type Posted = string | (Pick<ChatMessage, 'message' | 'urlPreview'> & { attach?: unknown });

/** Every piece of chat markup a posted message carries: its text, and each text, GRID name and value, and LINK name of its card. */
function textsOf(posted: Posted): { texts: string[]; links: string[] } {
  if (typeof posted === 'string') return { texts: [posted], links: [] };
  const texts = [posted.message];
  const links: string[] = [];
  const { attach } = posted;
  const blocks = Array.isArray(attach) ? attach : attach && typeof attach === 'object' ? (attach as { BLOCKS?: unknown }).BLOCKS : undefined;
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!block || typeof block !== 'object') continue;
    const { MESSAGE, GRID, LINK } = block as { MESSAGE?: unknown; GRID?: unknown; LINK?: unknown };
    if (typeof MESSAGE === 'string') texts.push(MESSAGE);
    for (const row of Array.isArray(GRID) ? GRID : []) {
      const { NAME, VALUE } = (row ?? {}) as { NAME?: unknown; VALUE?: unknown };
      texts.push(String(NAME ?? ''), String(VALUE ?? ''));
    }
    if (LINK && typeof LINK === 'object') {
      const { NAME, LINK: href } = LINK as { NAME?: unknown; LINK?: unknown };
      texts.push(String(NAME ?? ''));
      links.push(String(href ?? ''));
    }
  }
  return { texts, links };
}

/**
 * Chat messages the app posted that carry markup it did not write itself (a user's tags, quote lines or quote
 * blocks) in their text or anywhere in their card, a card link of its own making to elsewhere, a
 * card too large to post, or that let the chat add a link preview the article's author chose.
 */
export function postedMarkupViolations(messages: Posted[]): string[] {
  return messages.flatMap((posted) => {
    const { texts, links } = textsOf(posted);
    const foreign = texts.flatMap((text) => chatTagsOf(text).filter((tag) => !ownTag.test(tag)));
    const quotes = texts.flatMap(quoteLinesOf);
    const blocks = texts.flatMap(quoteBlocksOf);
    const strayLinks = links.filter((link) => !ownLink.test(link));
    const attachLength = typeof posted === 'string' || posted.attach === undefined ? 0 : JSON.stringify(posted.attach).length;
    return [
      ...(foreign.length > 0 ? [`a posted message carries tags from user text: ${foreign.slice(0, 5).join(' ')}`] : []),
      ...(quotes.length > 0 ? [`a posted message carries quote lines from user text: ${quotes.slice(0, 2).join(' | ').slice(0, 120)}`] : []),
      ...(blocks.length > 0 ? ['a posted message carries a quote block (54 dashes) from user text'] : []),
      ...(strayLinks.length > 0 ? [`a posted card links elsewhere: ${strayLinks.slice(0, 2).join(' ').slice(0, 120)}`] : []),
      ...(attachLength > maxAttachLength ? [`a posted card is ${attachLength} characters serialised`] : []),
      ...(typeof posted !== 'string' && posted.urlPreview ? ['a posted message may show a link preview'] : []),
    ];
  });
}
