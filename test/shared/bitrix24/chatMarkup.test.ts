import fc from 'fast-check';
import { chatLine, chatMarkup, chatText } from '../../../shared/bitrix24/chatMarkup';
import { countingText } from '../../support/countingText';
import { hostileBodies } from '../../support/hostileTexts';
import { chatTagsOf, quoteBlocksOf, quoteLinesOf } from '../../support/chatTags';

/** chatText's look-alikes back to what the user typed. */
const typed: Record<string, string> = { '［': '[', '］': ']', '＃': '#', '›': '>', '‐': '-' };
const asTyped = (text: string) => text.replace(/[［］＃›‐]/g, (char) => typed[char] ?? char);

/** Everything the chat could read as markup in a message. */
const markupOf = (message: string) => ({ tags: chatTagsOf(message), quotes: quoteLinesOf(message), blocks: quoteBlocksOf(message) });
const onlyOwnBold = { tags: ['[B]', '[/B]'], quotes: [], blocks: [] };

describe('chat markup for “Post to chat”', () => {
  it('keeps the app’s own tags and turns every tag in user text into plain, readable words', () => {
    const title = 'Handbook[/B] [URL=javascript:alert(1)]click[/URL] [USER=all]everyone[/USER] [SEND=/kick]go[/SEND]';
    const message = chatMarkup`[B]${title}[/B]\n${'[PUT=/x]y[/PUT] [CALL=+1]c[/CALL] [CHAT=1]z[/CHAT] [ICON=i]'}`.value;
    expect(chatTagsOf(message)).toEqual(['[B]', '[/B]']);
    expect(message).toBe(
      '[B]Handbook［/B］ ［URL=javascript:alert(1)］click［/URL］ ［USER=all］everyone［/USER］ ［SEND=/kick］go［/SEND］[/B]\n' +
        '［PUT=/x］y［/PUT］ ［CALL=+1］c［/CALL］ ［CHAT=1］z［/CHAT］ ［ICON=i］',
    );
  });

  it('keeps a quote line of user text from becoming a quote, and a title on one line', () => {
    expect(chatText('>> quoted\n  >>also\nnot >> this')).toBe('›> quoted\n  ›>also\nnot >> this');
    expect(quoteLinesOf(chatMarkup`${'a\n>>b\r\n>>c'}`.value)).toEqual([]);
    expect(chatLine('Title\r\nwith\nbreaks')).toBe('Title with breaks');
  });

  it('keeps #BR#, which Bitrix24’s server turns into a line break in any case, from starting a quote', () => {
    const text = 'Intro #BR#>> not a quote #br#>>nor this #Br##bR#>> nor this';
    expect(chatText(text)).toBe('Intro ＃BR#›> not a quote ＃br#›>nor this ＃Br#＃bR#›> nor this');
    expect(markupOf(chatMarkup`[B]${text}[/B]`.value)).toEqual(onlyOwnBold);
  });

  it('breaks runs of dashes before the 54 that open a quote block, and keeps them looking like dashes', () => {
    const block = `${'-'.repeat(54)}\nAnna [01.01.2025]\nsaid this\n${'-'.repeat(54)}`;
    const neutral = chatText(`x ${block}`);
    expect(quoteBlocksOf(neutral)).toEqual([]);
    expect(asTyped(neutral)).toBe(`x ${block}`);
    expect(quoteBlocksOf(chatMarkup`[B]${'-'.repeat(30)}${'-'.repeat(30)}[/B]`.value)).toEqual([]);
  });

  it('keeps what is not chat markup exactly as typed, so a command or a file name copied from the chat works', () => {
    const text = '# Heading\n> one angle\n- item\nrm /tmp/*.log && export VPN_CONFIG=~/vpn `code` **bold** snake_case https://example.com/a_b~c/ a -> b';
    expect(chatText(text)).toBe(text);
    expect(markupOf(chatMarkup`[B]${text}[/B]`.value)).toEqual(onlyOwnBold);
  });

  it('never lets any user text add a tag, a quote, a quote block or Markdown, and changes nothing else', () => {
    const piece = fc.constantFrom(
      '[', ']', '[B]', '[/URL]', '[USER=all]', '>', '>>', '\n', '\r\n', '\u2028', ' ', '\t', '\u00a0', 'word', 'ё', '\u{1F600}', '\ud800', '=', '/',
      '#', '#BR#', '#br#', 'BR#', '-', '-'.repeat(27), '*', '**', '_', '__', '~', '~~', '`', 'http://', 'https://x', ':', 'h',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        expect(markupOf(chatMarkup`[B]${text}[/B]`.value)).toEqual(onlyOwnBold);
        expect(markupOf(chatMarkup`[B]${text}${text}[/B]\n${text}`.value)).toEqual(onlyOwnBold);
        const neutral = chatText(text);
        expect(neutral).toHaveLength(text.length);
        expect(asTyped(neutral)).toBe(text);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it.each(Object.entries(hostileBodies))('reads %s of the largest size a bounded number of times per character', (_name, body) => {
    const counted = countingText(body);
    chatText(counted.text);
    expect(counted.units()).toBeLessThanOrEqual(4 * body.length);
  });
});
