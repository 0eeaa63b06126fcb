import type { ChatMessage } from '../../../local/simulator/types';
import { chatTagsOf, markdownOf, quoteBlocksOf, quoteLinesOf } from '../../support/chatTags';

/** The only markup the app itself writes into a chat message. */
const ownTags = new Set(['[B]', '[/B]', '[I]', '[/I]']);

/**
 * Chat messages the app posted that carry markup it did not write itself (a user's tags, quote lines, quote
 * blocks or Markdown), or that let the chat add a link preview the article's author chose.
 */
export function postedMarkupViolations(messages: (string | Pick<ChatMessage, 'message' | 'urlPreview'>)[]): string[] {
  return messages.flatMap((posted) => {
    const message = typeof posted === 'string' ? posted : posted.message;
    const foreign = chatTagsOf(message).filter((tag) => !ownTags.has(tag));
    const quotes = quoteLinesOf(message);
    const blocks = quoteBlocksOf(message);
    const markdown = markdownOf(message);
    return [
      ...(foreign.length > 0 ? [`a posted message carries tags from user text: ${foreign.slice(0, 5).join(' ')}`] : []),
      ...(quotes.length > 0 ? [`a posted message carries quote lines from user text: ${quotes.slice(0, 2).join(' | ').slice(0, 120)}`] : []),
      ...(blocks.length > 0 ? ['a posted message carries a quote block (54 dashes) from user text'] : []),
      ...(markdown.length > 0 ? [`a posted message carries Markdown from user text: ${markdown.slice(0, 5).join(' ')}`] : []),
      ...(typeof posted !== 'string' && posted.urlPreview ? ['a posted message may show a link preview'] : []),
    ];
  });
}
