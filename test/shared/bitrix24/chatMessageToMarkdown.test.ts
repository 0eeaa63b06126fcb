import fc from 'fast-check';
import { chatMessageToMarkdown, maxCapturedLength, maxSuggestedTitleLength } from '../../../shared/bitrix24/chatMessageToMarkdown';
import { markdownPlainText } from '../../../shared/markdown/markdownPlainText';
import { textWork } from '../../../shared/markdown/textWork';
import { renderMarkdown } from '../../../shared/web/markdown';
import { hostileChatText } from '../../support/hostileMarkdown';
import { scaling } from '../../support/linearWork';
import { markupShape, markupText } from '../../support/markupShape';

const markdownOf = (text: string) => chatMessageToMarkdown(text).markdown;
const shown = (text: string) => renderMarkdown(markdownOf(text)).value;
const folded = (text: string) => text.replace(/\s+/g, ' ').trim();
const listMark = /^[ \t]*(?:\d{1,9}[.)]|[-*+\u2022])[ \t]+(?=\S)/;
const withoutListMark = (line: string) => line.replace(listMark, '');
/** Text with every list mark that starts a line (or follows white space, once folded) taken out: `1. `, `2) `, `- `, `• `. */
const withoutListMarks = (text: string) => text.replace(/(^| )(?:\d{1,9}[.)]|[-*+\u2022])(?= )/g, '$1').replace(/ +/g, ' ').trim();
/** What a reader sees of rendered Markdown, each list item behind its number or bullet. */
function listText(html: string): string {
  const lists: number[] = [];
  const marked = html.replace(/<(\/?)(ol|ul|li)( start="(\d+)")?>/g, (_tag, closing: string, name: string, _start, start: string | undefined) => {
    if (name !== 'li') {
      if (closing) lists.pop();
      else lists.push(name === 'ol' ? Number(start ?? 1) : -1);
      return '\n';
    }
    if (closing) return '\n';
    const at = lists.length - 1;
    if (lists[at]! < 0) return '- ';
    return `${lists[at]!++}. `;
  });
  return markupText(marked);
}

describe('a chat message captured as article Markdown', () => {
  it('keeps the formatting the articles have: bold, italic, links, lists, code blocks, quotes and line breaks', () => {
    const message =
      '[B]VPN setup[/B][BR]1. Install the client from [URL=https://intranet.example.com/vpn]the intranet page[/URL]#BR#' +
      '2. Sign in with your [I]work[/I] account\n[url]https://wiki.example.com/vpn_config[/url]\n' +
      '>>quoted line\n[QUOTE]a quote block[/QUOTE]Restart it:[CODE]sudo systemctl restart vpn-agent\n```[/CODE]';
    expect(markdownOf(message)).toBe(
      [
        '1. Install the client from [the intranet page](https://intranet.example.com/vpn)',
        '2. Sign in with your *work* account',
        '',
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
    expect(markupShape(html).tags).toEqual(['ol', 'li', 'a', 'li', 'em', 'p', 'a', 'blockquote', 'p', 'br', 'p', 'pre', 'code']);
  });

  it('turns the chat’s dashed quote block into a quote, its header line included', () => {
    const message = '------------------------------------------------------\nChen Wei [02.05.2024 10:00:00]\nLaunch: 14 May\n------------------------------------------------------\nIt moved to [B]21 May[/B].';
    expect(markdownOf(message)).toBe('> Chen Wei [02.05.2024 10:00:00]\n> Launch: 14 May\nIt moved to **21 May**.');
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
    const message = '*not em* _not em_ snake_case **x** `code` [a](http://b.example) <http://c.example> <b>html</b>\n# no heading\n~~~\n```\n>no quote\n-\n\\*';
    const markdown = markdownOf(message);
    const shape = markupShape(renderMarkdown(markdown).value);
    expect(shape.tags.filter((tag) => tag !== 'p' && tag !== 'br' && tag !== 'a')).toEqual([]);
    expect(markupText(renderMarkdown(markdown).value)).toBe(message);
    // What would become formatting has a backslash, once per pair where one does; nothing else has.
    expect(markdown).toBe('\\*not em* \\_not em_ snake_case \\*\\*x** \\`code\\` [a\\](http://b.example) \\<http://c.example> <b>html</b>\n\\# no heading\n\\~~~\n\\`\\`\\`\n\\>no quote\n\\-\n\\\\*');
  });

  it('leaves as typed what would not be formatting where it stands: a lone star, snake_case, a single backtick, # inside a line, backslashes', () => {
    const message = 'rm *.log, not 2 * 3; file_name_v2 and a_b_c; don`t; #3 printer; C:\\Users\\anna; a [note] (see) <b>; - dash 1. one';
    expect(markdownOf(message)).toBe(message);
    expect(markupText(shown(message))).toBe(message);
    expect(markdownOf('__init__.py')).toBe('\\_\\_init__.py'); // that would be bold
    expect(markdownOf('Note: *stars*, _underscores_ and <b>tags</b> are plain text in the chat')).toBe(
      'Note: \\*stars*, \\_underscores_ and <b>tags</b> are plain text in the chat',
    );
    // Emphasis pairs across the lines of a paragraph: a star opening one line and one closing the next do.
    expect(markdownOf('*first line\nsecond line*')).toBe('\\*first line\nsecond line*');
    expect(markdownOf('*first line\n\nsecond line*')).toBe('*first line\n\nsecond line*');
    // Inside bold text every star that could pair is escaped: the bold marks around it would take it.
    expect(markdownOf('[B]Deploy *all*[/B] now*')).toBe('**Deploy \\*all\\*** now*');
    expect(markupText(shown('[B]Deploy *all*[/B] now*'))).toBe('Deploy *all* now*');
  });

  it('makes the chat’s list lines the article’s lists, numbered ones while their numbers count up', () => {
    const message = 'Before you start:\n1. Install the client\n2. Sign in\nThen:\n- check the [B]status[/B]\n• restart it\n* ask in the chat\n+ done\nSteps:\n2) two\n3) three\nNot a list:\n1. one\n1. one again\n2024. A year';
    expect(markdownOf(message)).toBe(
      [
        'Before you start:',
        '1. Install the client',
        '2. Sign in',
        '',
        'Then:',
        '- check the **status**',
        '- restart it',
        '- ask in the chat',
        '- done',
        '',
        'Steps:',
        '',
        '2) two',
        '3) three',
        '',
        'Not a list:',
        '1\\. one',
        '1\\. one again',
        '2024\\. A year',
      ].join('\n'),
    );
    const html = shown(message);
    expect(markupShape(html).tags.filter((tag) => tag === 'ol' || tag === 'ul' || tag === 'li')).toEqual(['ol', 'li', 'li', 'ul', 'li', 'li', 'li', 'li', 'ol', 'li', 'li']);
    expect(html).toContain('<ol start="2"><li>two</li><li>three</li></ol>');
    expect(markupText(html)).toContain('Not a list:\n1. one\n1. one again\n2024. A year');
    expect(markdownOf('>>1. quoted\n>>2. list\n>>after it')).toBe('> 1. quoted\n> 2. list\n>\n> after it');
  });

  it('shows any message’s text exactly, lists as lists and nothing else formatted, whatever characters it holds', () => {
    const piece = fc.constantFrom(
      '*', '**', '_', '__', '`', '``', '[', ']', '](', '(', ')', '<', 'a>', '\n', '# ', '#', '- ', '+ ', '* ', '• ', '1. ', '2. ', '2) ', '```', '~~~', '\\', '\\\\',
      ' ', '\t', 'a', 'word', 'snake_case', 'http://x.io', 'https://y.io/p_(q)', 'http://', '<http://z.io>', '&amp;', 'ё', '\u{1F600}', '!', '|', '#BR#', '>>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')), (message) => {
        const markdown = markdownOf(message);
        const html = renderMarkdown(markdown).value;
        const shape = markupShape(html);
        expect(shape.problems).toEqual([]);
        expect(shape.tags.filter((tag) => !['p', 'br', 'a', 'ol', 'ul', 'li', 'blockquote'].includes(tag))).toEqual([]);
        const typed = message.replace(/#BR#/g, '\n').replace(/^[ \t]*>>/gm, '');
        expect(withoutListMarks(folded(listText(html)))).toBe(withoutListMarks(folded(typed)));
        expect(folded(markdownPlainText(markdown).replace(/\n/g, ' '))).toBe(folded(typed.split('\n').map(withoutListMark).join(' ')));
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

  it('does not repeat a bold first line that became the title at the top of the text, and keeps every other first line', () => {
    expect(chatMessageToMarkdown('[B]VPN setup[/B]\nInstall the client.')).toEqual({ title: 'VPN setup', markdown: 'Install the client.' });
    expect(chatMessageToMarkdown('[B]VPN setup[/B]\n\n[B]Install[/B] the client.')).toEqual({ title: 'VPN setup', markdown: '**Install** the client.' });
    // A plain first line is part of what the message says: it stays, as in the chat.
    expect(chatMessageToMarkdown('The gateway moved.\nUse Frankfurt.')).toEqual({ title: 'The gateway moved.', markdown: 'The gateway moved.\nUse Frankfurt.' });
    // Partly bold, alone, or longer than a title: the text keeps it.
    expect(chatMessageToMarkdown('[B]VPN[/B] setup\nInstall the client.').markdown).toBe('**VPN** setup\nInstall the client.');
    expect(chatMessageToMarkdown('[B]VPN setup[/B]').markdown).toBe('**VPN setup**');
    const long = `${'word '.repeat(60)}end`;
    expect(chatMessageToMarkdown(`[B]${long}[/B]\nnext`).markdown).toBe(`**${long}**\nnext`);
  });

  it('fits an article’s text: at most 20,000 characters, cut at the end with “…”', () => {
    const captured = chatMessageToMarkdown(`[B]title[/B] and more\n${'*_[]'.repeat(5000)}\nlast line`);
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

  it('reads no more of a message than an article could hold, however long the portal says it is', () => {
    const steps = (text: string) => {
      const before = textWork.steps;
      chatMessageToMarkdown(text);
      return textWork.steps - before;
    };
    const long = 'word '.repeat(20_000);
    expect(steps(long.repeat(10))).toBe(steps(long.repeat(20)));
  });
});
