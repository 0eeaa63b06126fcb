import fc from 'fast-check';
import { html, type SafeHtml } from '../../../shared/web/html';
import { linkify } from '../../../shared/web/linkify';
import { countingText } from '../../support/countingText';
import { hostileBodies } from '../../support/hostileTexts';

/** What linkify means, written the obvious (regular expression) way; fine for short texts. */
function reference(text: string): SafeHtml {
  const parts: (SafeHtml | string)[] = [];
  let last = 0;
  for (const match of text.matchAll(/\bhttps?:\/\/[^\s<>"'`]+/gi)) {
    const start = match.index ?? 0;
    let url = match[0];
    while (/[.,;:!?)\]}»”’]$/.test(url)) {
      if (url.endsWith(')') && url.split('(').length >= url.split(')').length) break;
      url = url.slice(0, -1);
    }
    let valid = false;
    try {
      valid = ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      valid = false;
    }
    if (!valid) continue;
    parts.push(text.slice(last, start), html`<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`);
    last = start + url.length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}

describe('links in article text', () => {
  it('turns http(s) URLs into links that open outside the frame, keeping sentence punctuation and balanced parentheses right', () => {
    expect(linkify('See https://example.com/a?b=1. Or (http://x.org/wiki/A_(b)), HTTP://UP.example!').value).toBe(
      'See <a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer">https://example.com/a?b=1</a>. ' +
        'Or (<a href="http://x.org/wiki/A_(b)" target="_blank" rel="noopener noreferrer">http://x.org/wiki/A_(b)</a>), ' +
        '<a href="HTTP://UP.example" target="_blank" rel="noopener noreferrer">HTTP://UP.example</a>!',
    );
  });

  it('links nothing but http(s), escapes everything else, and does not start a link inside a word', () => {
    expect(linkify('javascript:alert(1) xhttp://a.b <b>http://a.b/"onmouseover=x</b>').value).toBe(
      'javascript:alert(1) xhttp://a.b &lt;b&gt;<a href="http://a.b/" target="_blank" rel="noopener noreferrer">http://a.b/</a>&quot;onmouseover=x&lt;/b&gt;',
    );
  });

  it('means the same as the obvious definition for any text', () => {
    const piece = fc.constantFrom('http://', 'https://', 'HTTP://', 'h', 'ttp', ':', '/', 'a.b', '(', ')', '.', '!', '»', ' ', '\n', '\u00a0', '"', '<', 'x', '_', 'ё', '\u{1F600}', '[', ']', '\\', '*', '~', '%zz');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')), (text) => {
        expect(linkify(text).value).toBe(reference(text).value);
      }),
      { numRuns: 5000, seed: 10 },
    );
  });

  it.each(Object.entries(hostileBodies))('reads %s of the largest size a bounded number of times per character', (_name, body) => {
    const counted = countingText(body);
    linkify(counted.text);
    // Quadratic work on these is in the hundreds of millions of reads; linear is a few per character.
    expect(counted.units()).toBeLessThanOrEqual(16 * body.length);
  });
});
