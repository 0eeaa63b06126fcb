import { chatTagsOf, quoteLinesOf } from '../../support/chatTags';

/** The only markup the app itself writes into a chat message. */
const ownTags = new Set(['[B]', '[/B]', '[I]', '[/I]']);

/** Chat messages the app posted that carry markup it did not write itself (a user's tags or quote lines). */
export function postedMarkupViolations(messages: string[]): string[] {
  return messages.flatMap((message) => {
    const foreign = chatTagsOf(message).filter((tag) => !ownTags.has(tag));
    const quotes = quoteLinesOf(message);
    return [
      ...(foreign.length > 0 ? [`a posted message carries tags from user text: ${foreign.slice(0, 5).join(' ')}`] : []),
      ...(quotes.length > 0 ? [`a posted message carries quote lines from user text: ${quotes.slice(0, 2).join(' | ').slice(0, 120)}`] : []),
    ];
  });
}
