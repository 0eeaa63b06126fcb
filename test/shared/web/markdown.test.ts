import fc from 'fast-check';
import { renderMarkdown } from '../../../shared/web/markdown';
import { maxBlockDepth } from '../../../shared/markdown/parseMarkdown';
import { maxInlineDepth } from '../../../shared/markdown/parseInline';
import { hostileMarkdown } from '../../support/hostileMarkdown';
import { scaling } from '../../support/linearWork';
import { markupShape, markupText } from '../../support/markupShape';

const render = (markdown: string) => renderMarkdown(markdown).value;
const link = (href: string, text: string) => `<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>`;

describe('article Markdown as a page shows it', () => {
  it('renders headings, bold, italic, lists, code, links and quotes', () => {
    const markdown = [
      '# Deploy',
      'Run **npm ci**, then *npm test* and `npm start`; see [the wiki](https://wiki.example.com/a_(b)).',
      '',
      '- first',
      '- second',
      '  1. nested',
      '  2. list',
      '',
      '3. three',
      '4. four',
      '',
      '```sh',
      'echo "<done>"',
      '```',
      '',
      '> quoted **text**',
      '> on two lines',
    ].join('\n');
    expect(render(markdown)).toBe(
      '<h3>Deploy</h3>' +
        `<p>Run <strong>npm ci</strong>, then <em>npm test</em> and <code>npm start</code>; see ${link('https://wiki.example.com/a_(b)', 'the wiki')}.</p>` +
        '<ul><li>first</li><li>second<ol><li>nested</li><li>list</li></ol></li></ul>' +
        '<ol start="3"><li>three</li><li>four</li></ol>' +
        '<pre><code>echo &quot;&lt;done&gt;&quot;</code></pre>' +
        '<blockquote><p>quoted <strong>text</strong><br>on two lines</p></blockquote>',
    );
  });

  it('keeps line breaks inside a paragraph, as the chat does, and links bare http(s) URLs as plain-text articles did', () => {
    expect(render('Line one\nline two: https://example.com/x?a=1.\nHTTP://UP.example!')).toBe(
      `<p>Line one<br>line two: ${link('https://example.com/x?a=1', 'https://example.com/x?a=1')}.<br>${link('http://up.example/', 'HTTP://UP.example')}!</p>`,
    );
  });

  it('shows raw HTML, entities and everything outside the subset as the text it is', () => {
    const markdown = '<script>alert(1)</script> <b onclick="x">&amp; &#60;</b> ![img](http://x/y.png) | a | b |\n---\nSetext\n===';
    const html = render(markdown);
    expect(html).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=&quot;x&quot;&gt;&amp;amp; &amp;#60;&lt;/b&gt; ' +
        `!${link('http://x/y.png', 'img')} | a | b |<br>---<br>Setext<br>===</p>`,
    );
    expect(markupShape(html).problems).toEqual([]);
  });

  it('makes links of http and https addresses only, never of javascript:, data: or anything else', () => {
    const markdown = [
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html,x) [d](//evil.example) [e](/relative)',
      '[f](vbscript:x) [g](http:/x) <javascript:alert(1)> <mailto:a@b.c> javascript:alert(1) [h](https://ok.example)',
    ].join('\n');
    const shape = markupShape(render(markdown));
    expect(shape.problems).toEqual([]);
    expect(shape.hrefs).toEqual(['https://ok.example/']);
    expect(markupText(render(markdown))).toContain('[a](javascript:alert(1))');
  });

  it('lets backslashes keep marks as text', () => {
    expect(render('\\*not em\\* \\# \\[x\\](http://y.z) \\`code\\` C:\\Users')).toBe(
      `<p>*not em* # [x](${link('http://y.z/', 'http://y.z')}) &#96;code&#96; C:\\Users</p>`,
    );
  });

  it('treats underscores inside words as text and closes emphasis only where it was opened', () => {
    expect(render('snake_case_name and _em_ and **a *b* c** and *a **b** c* and ***both***')).toBe(
      '<p>snake_case_name and <em>em</em> and <strong>a <em>b</em> c</strong> and <em>a <strong>b</strong> c</em> and <em><strong>both</strong></em></p>',
    );
  });

  it('nests quotes and lists no deeper than its limit; what is deeper stays text', () => {
    const quotes = render(`${'> '.repeat(50)}deep`);
    expect(markupShape(quotes).tags.filter((tag) => tag === 'blockquote')).toHaveLength(maxBlockDepth);
    expect(markupText(quotes)).toBe(`${'> '.repeat(50 - maxBlockDepth)}deep`);
    const lists = render(`${'- '.repeat(50)}deep`);
    expect(markupShape(lists).tags.filter((tag) => tag === 'ul')).toHaveLength(maxBlockDepth);
    const emphasis = render(`${'*a _'.repeat(30)}x${'_ a*'.repeat(30)}`);
    expect(markupShape(emphasis).depth).toBeLessThanOrEqual(maxInlineDepth + 1);
    expect(markupShape(emphasis).problems).toEqual([]);
  });

  it('writes only its own tags and attributes, well nested, and links only to http(s), whatever the text', () => {
    const piece = fc.constantFrom(
      '*', '**', '_', '__', '`', '``', '[', ']', '(', ')', '](', '<', '>', '> ', '\n', '\n\n', '- ', '1. ', '2) ', '# ', '```', '~~~',
      '\\', ' ', '  ', '\t', 'a', 'word', 'http://x.io', 'https://y.io/p_(q)', 'javascript:alert(1)', '<b>', '"', "'", '&amp;', 'ё', '\u{1F600}',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')), (markdown) => {
        const shape = markupShape(render(markdown));
        expect(shape.problems).toEqual([]);
        expect(shape.depth).toBeLessThanOrEqual(2 * maxBlockDepth + maxInlineDepth + 2);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('shows text without any of the subset’s marks exactly as typed', () => {
    const plain = fc.stringMatching(/^[A-Za-zА-яё0-9 ,.;:!?'"&=%$@^{}|\/]{0,80}$/);
    fc.assert(
      fc.property(plain, (text) => {
        const html = render(text);
        expect(markupText(html)).toBe(text.trim());
        expect(markupShape(html).tags.filter((tag) => tag !== 'p')).toEqual([]);
      }),
      { numRuns: 1000, seed: 13 },
    );
  });

  it.each(Object.keys(hostileMarkdown(100)))('renders %s of the largest size with linear work and bounded output', (name) => {
    const inputs = (length: number) => hostileMarkdown(length)[name]!;
    const { perChar, growth } = scaling(inputs, render);
    expect(perChar).toBeLessThan(20);
    expect(growth).toBeLessThan(2.3);
    const html = render(inputs(20_000));
    expect(html.length).toBeLessThan(10 * 20_000);
    expect(markupShape(html).problems).toEqual([]);
  });
});
