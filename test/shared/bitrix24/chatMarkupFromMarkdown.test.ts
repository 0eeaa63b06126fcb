import fc from 'fast-check';
import { markdownToChatMarkup, maxChatMessageLength } from '../../../shared/bitrix24/chatMarkupFromMarkdown';
import { parseMarkdown, type Block } from '../../../shared/markdown/parseMarkdown';
import { chatTagsOf, quoteLinesOf } from '../../support/chatTags';
import { hostileMarkdown } from '../../support/hostileMarkdown';
import { scaling } from '../../support/linearWork';

const chat = (markdown: string, maxLength?: number) => markdownToChatMarkup(markdown, maxLength).value;

/** The message without what its [CODE] blocks hold: the chat shows that as it is (protocol notes 7b). */
const outsideCode = (message: string) => message.replace(/\[CODE\][\s\S]*?\[\/CODE\]/g, '[CODE][/CODE]');
const tagsOutsideCode = (message: string) => chatTagsOf(outsideCode(message));

/** The app's own tags: bold, italic, http(s) links, code. */
function foreignTags(message: string): string[] {
  return tagsOutsideCode(message).filter((tag) => !/^\[\/?(B|I|CODE|URL)\]$|^\[URL=https?:\/\/[^\s[\]]+\]$/.test(tag));
}

function balanced(message: string): boolean {
  const open: string[] = [];
  for (const tag of tagsOutsideCode(message)) {
    const name = /^\[\/?([A-Z]+)/.exec(tag)?.[1] ?? '';
    if (!tag.startsWith('[/')) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

const hasQuote = (blocks: Block[]): boolean =>
  blocks.some((block) => block.kind === 'quote' || (block.kind === 'list' && block.items.some(hasQuote)));

describe('an article’s Markdown posted to the chat', () => {
  it('becomes the chat’s own markup: [B], [I], [URL], [CODE], bulleted and numbered lines, >> quotes', () => {
    const markdown = '# Deploy\nRun **npm ci** and *tests*; see [the wiki](https://wiki.example.com/a).\n\n- one\n- two\n  1. nested\n\n```\nnpm start\n```\n\n> quoted\n> lines';
    expect(chat(markdown)).toBe(
      '[B]Deploy[/B]\n\nRun [B]npm ci[/B] and [I]tests[/I]; see [URL=https://wiki.example.com/a]the wiki[/URL].\n\n' +
        '• one\n• two\n\t1. nested\n\n[CODE]npm start[/CODE]\n\n>>quoted\n>>lines',
    );
  });

  it('turns every tag, mention and command in the user’s text into plain, readable words', () => {
    const markdown = '[USER=all]everyone[/USER] [URL=javascript:alert(1)]x[/URL] **[SEND=/kick]go[/SEND]** `[PUT=/a]b[/PUT]` [CALL=+1]c[/CALL] [CHAT=1]';
    const message = chat(markdown);
    expect(foreignTags(message)).toEqual([]);
    expect(message).toBe('［USER=all］everyone［/USER］ ［URL=javascript:alert(1)］x［/URL］ [B]［SEND=/kick］go［/SEND］[/B] ［PUT=/a］b［/PUT］ ［CALL=+1］c［/CALL］ ［CHAT=1］');
  });

  it('never links to anything but http(s), and never lets an address end its tag early', () => {
    expect(chat('[x](javascript:alert(1)) [y](https://a.example/p?q=[1]) <https://b.example/x]y>')).not.toMatch(/\[URL=(?!https:\/\/)/);
    expect(foreignTags(chat('[y](https://a.example/p) [z](http://c.example/a(b))'))).toEqual([]);
  });

  it('keeps a code block as written, except that its text cannot end the block or mention anyone', () => {
    const message = chat('```\nconst a = [1];\n[/CODE][URL=javascript:x]y[/URL] [user=all]\n```');
    expect(message).toBe('[CODE]const a = [1];\n［/CODE][URL=javascript:x]y[/URL] ［user=all]\n[/CODE]'.replace('\n[/CODE]', '[/CODE]'));
    expect(tagsOutsideCode(message)).toEqual(['[CODE]', '[/CODE]']);
  });

  it('makes no quote line of the user’s text, even from pieces that meet at a line’s start', () => {
    for (const markdown of ['\\>> not a quote', '\\>`>x`', '**>**>x', 'a\n\\>>b', '- \\>>item']) {
      expect(quoteLinesOf(chat(markdown))).toEqual([]);
    }
  });

  it('fits the chat’s message limit: cut at the end with “…”, every tag it opened closed', () => {
    const long = `**${'word '.repeat(5000)}end** and [a link](https://example.com)`;
    const message = chat(long);
    expect(message.length).toBeLessThanOrEqual(maxChatMessageLength);
    expect(message.endsWith('[/B]…')).toBe(true);
    expect(balanced(message)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), (maxLength) => {
        const cut = chat('# Title\n**bold *and italic* text** [link](https://example.com/x) `code`\n\n```\nblock\n```\n> quote', maxLength);
        expect(cut.length).toBeLessThanOrEqual(maxLength);
        expect(balanced(cut)).toBe(true);
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('writes only its own tags, balanced, and quote lines only for quotes, whatever the text', () => {
    const piece = fc.constantFrom(
      '*', '**', '_', '`', '[', ']', '](', '(', ')', '>', '>>', '> ', '\n', '\n\n', '- ', '1. ', '# ', '```', '\\', ' ', '\t', 'a', 'word',
      'http://x.io', 'https://y.io/p', '[B]', '[/B]', '[URL=javascript:x]', '[/URL]', '[USER=all]', '[CODE]', '[/CODE]', '[/code]', '[SEND=/x]', '=', '/',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 50 }).map((parts) => parts.join('')), fc.integer({ min: 0, max: 400 }), (markdown, maxLength) => {
        const message = chat(markdown, maxLength);
        expect(message.length).toBeLessThanOrEqual(maxLength);
        expect(foreignTags(message)).toEqual([]);
        expect(balanced(message)).toBe(true);
        expect(message.match(/\[CODE\]([\s\S]*?)\[\/CODE\]/g)?.some((block) => /\[(\/code|user=)/i.test(block.slice(6, -7))) ?? false).toBe(false);
        if (!hasQuote(parseMarkdown(markdown))) expect(quoteLinesOf(outsideCode(message))).toEqual([]);
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
