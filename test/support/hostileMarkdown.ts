/** The most an article's text may hold, and the most a chat message does: 20,000 characters. */
export const maxTextLength = 20_000;

/** `head`, then `filler` repeated, then `tail`, `length` UTF-16 units at most. */
export function filled(filler: string, head = '', tail = '', length = maxTextLength): string {
  return head + filler.repeat(Math.max(0, Math.floor((length - head.length - tail.length) / filler.length))) + tail;
}

/** A staircase: lines each indented two more spaces than the one before, starting a list item, up to `length`. */
function staircase(marker: string, length: number): string {
  let out = '';
  for (let depth = 0; out.length + depth * 2 + marker.length + 2 < length; depth++) out += `${' '.repeat(depth * 2)}${marker} x\n`;
  return out;
}

/**
 * Markdown of the largest size, each aimed at one way a parser could go quadratic or nest without end:
 * nesting and list bombs, delimiter runs that never close or close in the worst order, brackets and link
 * starts that never finish, code span runs of every length, autolinks that never end, fences, escapes.
 */
export function hostileMarkdown(length = maxTextLength): Record<string, string> {
  const f = (filler: string, head = '', tail = '') => filled(filler, head, tail, length);
  return {
    'nested quotes': f('> ', '', 'x'),
    'nested quotes on many lines': f('> > > > > > > > > > > > x\n'),
    'nested list markers on one line': f('- ', '', 'x'),
    'nested numbered markers on one line': f('1. ', '', 'x'),
    'a list bomb': f('- a\n'),
    'a numbered list bomb': f('1. a\n'),
    'empty list items': f('-\n'),
    'alternating list kinds': f('- a\n1. b\n* c\n2) d\n'),
    'a staircase of nested items': staircase('-', length),
    'items with lazy lines': f('- a\nb\n'),
    'blank lines between items': f('- a\n\n\n\n'),
    'stars': f('*'),
    'underscores': f('_'),
    'star words': f('*a '),
    'openers then closers': f('*a', '', '') + '',
    'strong openers': f('**a '),
    'closers only': f('a* '),
    'alternating stars and underscores': f('*_'),
    'nested emphasis': f('*a _b '),
    'emphasis around everything': f('**a** ', '***', '***'),
    'opening brackets': f('['),
    'closing brackets': f(']'),
    'link starts': f('[a]('),
    'link ends': f(']('),
    'links never closed': f('[a](http://x'),
    'parentheses in a destination': f('(', '[a](http://x', ')'),
    'javascript links': f('[x](javascript:alert(1)) '),
    'valid links': f('[a](http://x.io) '),
    'nested brackets': f('[[', '', ']]'),
    'backticks': f('`'),
    'backtick runs of growing length': Array.from({ length: 200 }, (_, i) => `${'`'.repeat(i + 1)}a`).join('').slice(0, length),
    'code spans': f('`a` '),
    'angle starts': f('<http://'),
    'angle brackets': f('<'),
    'bare URL starts': f('http://'),
    'URLs with closing parentheses': f(')', 'http://a'),
    'fences': f('```\n'),
    'long fences': f('`', '', '\nx'),
    'tilde fences': f('~~~\n'),
    'headings': f('# '),
    'hashes': f('#'),
    'backslashes': f('\\'),
    'escapes': f('\\*'),
    'newlines': f('\n'),
    'tabs and spaces': f(' \t'),
    'HTML': f('<b onclick="x">'),
    'emoji': f('\u{1F600}*'),
  };
}

/** A [URL] tag with the longest address a tag holds (chatMessageToMarkdown reads tags of up to 2,048 characters). */
const longestLink = `[URL=https://example.com/${'a'.repeat(2000)}]`;

/**
 * Chat messages (BB-code) of the largest size: tags that never close, close out of order or nest deep, tag
 * starts that never finish, [code] blocks without an end, quote lines and blocks, line breaks of every kind,
 * and one line inside a link of the longest address (with styles and other links in it).
 */
export function hostileChatText(length = maxTextLength): Record<string, string> {
  const f = (filler: string, head = '', tail = '') => filled(filler, head, tail, length);
  return {
    'opening brackets': f('['),
    'bold tags': f('[b]'),
    'closing tags': f('[/b]'),
    'tags out of order': f('[b][i][/b][/i]'),
    'tag starts that never finish': f('[url='),
    'url tags': f('[url=http://x]a[/url]'),
    'javascript urls': f('[url=javascript:alert(1)]a'),
    'code starts without an end': f('[code]'),
    'code blocks': f('[code]x[/code]'),
    'quote tags': f('[quote]'),
    'quote lines': f('>>a\n'),
    'dashed quote lines': f('------------------------------------------------------\n'),
    'line breaks': f('[br]#BR#\n'),
    'mentions': f('[user=1]a[/user]'),
    'commands': f('[send=/x]y[/send][put=/a]b[/put][call=1]c[/call]'),
    'icons': f('[icon=http://x size=1 title=y]'),
    'markdown characters': f('*_`[]<#>-+1. \\'),
    'a long first line': f('word '),
    'a link of the longest address around the whole line': f('word ', longestLink, '[/URL]'),
    'styles inside a link of the longest address': f('[B]a[/B]b', longestLink, '[/URL]'),
    'links inside a link of the longest address': f('a[URL=http://x.io]b[/URL]', longestLink, '[/URL]'),
    'emoji': f('\u{1F600}'),
    'address starts that are no address, one inside the other': f('http://%/'),
    'address starts that are no address, with marks': f('http://%/*_'),
  };
}
