import fc from 'fast-check';
import { chatMessageToMarkdown, maxCapturedLength, maxSuggestedTitleLength } from '../../../shared/bitrix24/chatMessageToMarkdown';
import { markdownPlainText } from '../../../shared/markdown/markdownPlainText';
import { renderMarkdown } from '../../../shared/web/markdown';
import { hostileChatText } from '../../support/hostileMarkdown';
import { scaling } from '../../support/linearWork';
import { markupShape, markupText } from '../../support/markupShape';

const markdownOf = (text: string) => chatMessageToMarkdown(text).markdown;
const shown = (text: string) => renderMarkdown(markdownOf(text)).value;
const folded = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('a chat message captured as article Markdown', () => {
  it('keeps the formatting the articles have: bold, italic, links, code blocks, quotes and line breaks', () => {
    const message =
      '[B]VPN setup[/B][BR]1. Install the client from [URL=https://intranet.example.com/vpn]the intranet page[/URL]#BR#' +
      '2. Sign in with your [I]work[/I] account\n[url]https://wiki.example.com/vpn_config[/url]\n' +
      '>>quoted line\n[QUOTE]a quote block[/QUOTE]Restart it:[CODE]sudo systemctl restart vpn-agent\n```[/CODE]';
    expect(markdownOf(message)).toBe(
      [
        '**VPN setup**',
        '1\\. Install the client from [the intranet page](https://intranet.example.com/vpn)',
        '2\\. Sign in with your *work* account',
        'https://wiki.example.com/vpn_config',
        '> quoted line',
        '> a quote block',
        'Restart it:',
        '````',
        'sudo systemctl restart vpn-agent',
        '```',
        '````',
      ].join('\n'),
    );
    const html = shown(message);
    expect(markupShape(html).tags).toEqual(['p', 'strong', 'br', 'a', 'br', 'em', 'br', 'a', 'blockquote', 'p', 'br', 'p', 'pre', 'code']);
  });

  it('turns the chat’s dashed quote block into a quote, its header line included', () => {
    const message = '------------------------------------------------------\nChen Wei [02.05.2024 10:00:00]\nLaunch: 14 May\n------------------------------------------------------\nIt moved to [B]21 May[/B].';
    expect(markdownOf(message)).toBe('> Chen Wei \\[02.05.2024 10:00:00\\]\n> Launch: 14 May\nIt moved to **21 May**.');
  });

  it('keeps the words of mentions, chat links and buttons, and drops their ids, commands, numbers, icons and files', () => {
    const message = '[USER=5]Anna Schmidt[/USER], [CHAT=12]the ops chat[/CHAT]: [SEND=/vpn restart all]Restart[/SEND] [PUT=/search]Search[/PUT] [CALL=+4930123456]Call[/CALL] [ICON=https://x.example/i.png size=20 title=Unicorn] [DISK=77] [U]under[/U] [S]struck[/S] [SIZE=20]big[/SIZE] [COLOR=#ff0000]red[/COLOR]';
    const markdown = markdownOf(message);
    expect(markdown).toBe('Anna Schmidt, the ops chat: Restart Search Call   under struck big red');
    for (const payload of ['USER', '5', '12', '/vpn', '/search', '4930123456', 'Unicorn', 'i.png', '77', '#ff0000']) expect(markdown).not.toContain(payload);
  });

  it('shows the time a [TIMESTAMP] names, in UTC', () => {
    expect(markdownOf('Meet at [TIMESTAMP=1715000400 format=relative]')).toBe('Meet at 2024-05-06 13:00 UTC');
  });

  it('links only to http(s): other [URL] targets keep just their text', () => {
    expect(markdownOf('[URL=javascript:alert(1)]click[/URL] [URL=ftp://x]file[/URL] [URL="https://ok.example/a b"]ok[/URL]')).toBe(
      'click file [ok](https://ok.example/a%20b)',
    );
  });

  it('reads a link to its first [/URL], as the chat does: a [URL] inside a link is no link of its own', () => {
    expect(markdownOf('[URL=https://a.example]one [URL=https://b.example]two[/URL] three[/URL] [URL=https://c.example]four[/URL]')).toBe(
      '[one two](https://a.example/) three [four](https://c.example/)',
    );
  });

  it('keeps Markdown characters of the message as text: nothing becomes formatting it did not have', () => {
    const message = '*not em* _not em_ snake_case **x** `code` [a](http://b.example) <http://c.example> <b>html</b>\n# no heading\n- no list\n+ no\n* no\n1. no\n2) no\n~~~\n```\n>no quote\n\\*';
    const markdown = markdownOf(message);
    const shape = markupShape(renderMarkdown(markdown).value);
    expect(shape.tags.filter((tag) => tag !== 'p' && tag !== 'br' && tag !== 'a')).toEqual([]);
    expect(markupText(renderMarkdown(markdown).value)).toBe(message.replace(/\n+$/, ''));
    expect(markdown).toContain('snake_case'); // no backslash where an underscore cannot be emphasis
  });

  it('shows any message’s words exactly, with no formatting of its own, whatever characters it holds', () => {
    const piece = fc.constantFrom(
      '*', '**', '_', '__', '`', '[', ']', '](', '(', ')', '<', 'a>', '\n', '# ', '#', '- ', '+ ', '* ', '1. ', '2) ', '```', '~~~', '\\', '\\\\',
      ' ', '\t', 'a', 'word', 'snake_case', 'http://x.io', 'https://y.io/p_(q)', 'http://', '<http://z.io>', '&amp;', 'ё', '\u{1F600}', '!', '|',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')), (message) => {
        const markdown = markdownOf(message);
        const html = renderMarkdown(markdown).value;
        const shape = markupShape(html);
        expect(shape.problems).toEqual([]);
        expect(shape.tags.filter((tag) => tag !== 'p' && tag !== 'br' && tag !== 'a')).toEqual([]);
        expect(folded(markupText(html))).toBe(folded(message));
        expect(folded(markdownPlainText(markdown))).toBe(folded(message));
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('suggests the first line a reader sees as the title, at most 200 characters', () => {
    expect(chatMessageToMarkdown('[B]Deploy[/B] checklist[BR]step one').title).toBe('Deploy checklist');
    expect(chatMessageToMarkdown('>>what they asked\nThe answer is\u00a0 42').title).toBe('The answer is 42');
    expect(chatMessageToMarkdown('[CODE]npm ci[/CODE]').title).toBe('npm ci');
    expect(chatMessageToMarkdown('[DISK=5]').title).toBe('');
    const long = chatMessageToMarkdown(`${'word '.repeat(100)}\nsecond line`).title;
    expect([...long].length).toBeLessThanOrEqual(maxSuggestedTitleLength);
    expect(long).toMatch(/^(word ){30,}word…$/);
    const emoji = chatMessageToMarkdown('\u{1F600}'.repeat(300)).title;
    expect([...emoji]).toHaveLength(maxSuggestedTitleLength);
  });

  it('fits an article’s text: at most 20,000 characters, cut at the end with “…”', () => {
    const captured = chatMessageToMarkdown(`[B]title[/B]\n${'*_[]'.repeat(5000)}\nlast line`);
    expect(captured.markdown.length).toBeLessThanOrEqual(maxCapturedLength);
    expect(captured.markdown.endsWith('…')).toBe(true);
    expect(markupShape(renderMarkdown(captured.markdown).value).tags).toEqual(['p', 'strong', 'br']);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (maxLength) => {
        const cut = chatMessageToMarkdown('[B]bold[/B] *star* [URL=https://a.example]link[/URL]\n>>quote\n[CODE]code\nblock[/CODE]\nend', maxLength).markdown;
        expect(cut.length).toBeLessThanOrEqual(maxLength);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it.each(Object.keys(hostileChatText(100)))('converts %s of the largest size with linear work', (name) => {
    const inputs = (length: number) => hostileChatText(length)[name]!;
    const { perChar, growth } = scaling(inputs, (text) => chatMessageToMarkdown(text));
    expect(perChar).toBeLessThan(40);
    expect(growth).toBeLessThan(2.3);
    const captured = chatMessageToMarkdown(inputs(20_000));
    expect(captured.markdown.length).toBeLessThanOrEqual(maxCapturedLength);
    expect([...captured.title].length).toBeLessThanOrEqual(maxSuggestedTitleLength);
  });
});
