import fc from 'fast-check';
import { cardTextLength, markdownToChatMarkup } from '../../../shared/bitrix24/chatMarkupFromMarkdown';
import { chatTagsOf, markdownOf, quoteBlocksOf, quoteLinesOf } from '../../support/chatTags';
import { hostileMarkdown } from '../../support/hostileMarkdown';
import { scaling } from '../../support/linearWork';

const chat = (markdown: string, maxLength?: number) => markdownToChatMarkup(markdown, maxLength).value;

const maxChatMessageLength = cardTextLength;

/** The app's own tags in a card's text: bold, italic, http(s) links, line breaks. */
function foreignTags(message: string): string[] {
  return chatTagsOf(message).filter((tag) => !/^\[\/?(B|I|URL)\]$|^\[BR\]$|^\[URL=https?:\/\/[^\s[\]*`]+\]$/.test(tag));
}

function balanced(message: string): boolean {
  const open: string[] = [];
  for (const tag of chatTagsOf(message)) {
    if (tag === '[BR]') continue;
    const name = /^\[\/?([A-Z]+)/.exec(tag)?.[1] ?? '';
    if (!tag.startsWith('[/')) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

describe('an article’s Markdown as the text of a chat card', () => {
  it('becomes the card’s own markup: [B], [I], [URL], [BR], bulleted and numbered lines, code as text, quotes marked “»”', () => {
    const markdown = '# Deploy\nRun **npm ci** and *tests*; see [the wiki](https://wiki.example.com/a).\n\n- one\n- two\n  1. nested\n\n```\nnpm start\n```\n\n> quoted\n> lines';
    expect(chat(markdown, 1000)).toBe(
      '[B]Deploy[/B][BR][BR]Run [B]npm ci[/B] and [I]tests[/I]; see [URL=https://wiki.example.com/a]the wiki[/URL].[BR][BR]' +
        '• one[BR]• two[BR]\t1. nested[BR][BR]npm start[BR][BR]» quoted[BR]» lines',
    );
  });

  it('turns every tag, mention and command in the user’s text into plain, readable words', () => {
    const markdown = '[USER=all]everyone[/USER] [URL=javascript:alert(1)]x[/URL] **[SEND=/kick]go[/SEND]** `[PUT=/a]b[/PUT]` [CALL=+1]c[/CALL] [CHAT=1]';
    const message = chat(markdown);
    expect(foreignTags(message)).toEqual([]);
    expect(message).toBe('［USER=all］everyone［/USER］ ［URL=javascript:alert(1)］x［/URL］ [B]［SEND=/kick］go［/SEND］[/B] ［PUT=/a］b［/PUT］ ［CALL=+1］c［/CALL］ ［CHAT=1］');
  });

  it('never links to anything but http(s), and never lets an address end its tag early or read as Markdown', () => {
    expect(chat('[x](javascript:alert(1)) [y](https://a.example/p?q=[1]) <https://b.example/x]y>')).not.toMatch(/\[URL=(?!https:\/\/)/);
    expect(foreignTags(chat('[y](https://a.example/p) [z](http://c.example/a(b))'))).toEqual([]);
    expect(chat('[y](https://a.example/a*b%60c) <https://a.example/d*e>')).toBe('[URL=https://a.example/a%2Ab%60c]y[/URL] [URL=https://a.example/d%2Ae]https://a.example/d∗e[/URL]');
  });

  it('never lets an address make a line break in the chat: every # after the fragment’s own is %23', () => {
    const message = chat('[y](https://a.example/p#BR#>>quote) [w](https://e.example/#x#BR#y) <https://b.example/x#top#br#- list> https://c.example/#BR#\n[z](https://d.example/a?b=1#c)');
    expect(message).not.toMatch(/#br#/i);
    expect(quoteLinesOf(message)).toEqual([]);
    expect(markdownOf(message)).toEqual([]);
    expect(foreignTags(message)).toEqual([]);
    expect(message).toContain('[URL=https://e.example/#x%23BR%23y]w[/URL]');
    expect(message).toContain('[URL=https://d.example/a?b=1#c]z[/URL]');
  });

  it('shows a code block as its lines of text: its tags and mentions as plain words', () => {
    const message = chat('```\nconst a = [1];\n[/CODE][URL=javascript:x]y[/URL] [user=all]\n```');
    expect(message).toBe('const a = ［1］;[BR]［/CODE］［URL=javascript:x］y［/URL］ ［user=all］');
    expect(chatTagsOf(message)).toEqual(['[BR]']);
  });

  it('makes no quote line and no Markdown of the user’s text, even from pieces that meet at a line’s start', () => {
    for (const markdown of ['\\>> not a quote', '\\>`>x`', '**>**>x', 'a\n\\>>b', '- \\>>item', '> > nested', '\\# no heading', '\\- no item']) {
      const message = chat(markdown);
      expect({ markdown, quotes: quoteLinesOf(message), marks: markdownOf(message) }).toEqual({ markdown, quotes: [], marks: [] });
    }
  });

  it('fits the card’s text limit: cut at the end with “…”, every tag it opened closed', () => {
    const long = `**${'word '.repeat(5000)}end** and [a link](https://example.com)`;
    const message = chat(long);
    expect(message.length).toBeLessThanOrEqual(maxChatMessageLength);
    expect(message.endsWith('[/B]…')).toBe(true);
    expect(balanced(message)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), (maxLength) => {
        const cut = chat('# Title\n**bold *and italic* text** [link](https://example.com/x) `code`\n\n```\nblock\n```\n> quote', maxLength);
        expect(cut).not.toMatch(/\[B?R?$|\[\/?[A-Z]*$/);
        expect(cut.length).toBeLessThanOrEqual(maxLength);
        expect(balanced(cut)).toBe(true);
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('writes only its own tags, balanced, and never a quote line, a quote block or Markdown, whatever the text', () => {
    const piece = fc.constantFrom(
      '*', '**', '_', '`', '[', ']', '](', '(', ')', '>', '>>', '> ', '\n', '\n\n', '- ', '1. ', '# ', '```', '\\', ' ', '\t', 'a', 'word',
      'http://x.io', 'https://y.io/p', '[B]', '[/B]', '[URL=javascript:x]', '[/URL]', '[USER=all]', '[CODE]', '[/CODE]', '[/code]', '[SEND=/x]', '=', '/',
      '#', '#BR#', 'https://z.io/p#a#bR#', '[l](https://z.io/#x#BR#>>q)', '<https://z.io/#BR#>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 50 }).map((parts) => parts.join('')), fc.integer({ min: 0, max: 400 }), (markdown, maxLength) => {
        const message = chat(markdown, maxLength);
        expect(message.length).toBeLessThanOrEqual(maxLength);
        expect(foreignTags(message)).toEqual([]);
        expect(balanced(message)).toBe(true);
        expect(quoteLinesOf(message)).toEqual([]);
        expect(quoteBlocksOf(message)).toEqual([]);
        expect(markdownOf(message)).toEqual([]);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it.each(Object.keys(hostileMarkdown(100)))('converts %s of the largest size with linear work, within the limit', (name) => {
    const inputs = (length: number) => hostileMarkdown(length)[name]!;
    const { perChar, growth } = scaling(inputs, chat);
    expect(perChar).toBeLessThan(20);
    expect(growth).toBeLessThan(2.3);
    const message = chat(inputs(20_000));
    expect(message.length).toBeLessThanOrEqual(maxChatMessageLength);
    expect(foreignTags(message)).toEqual([]);
  });
});
