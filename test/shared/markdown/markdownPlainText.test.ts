import { markdownPlainText } from '../../../shared/markdown/markdownPlainText';
import { hostileMarkdown } from '../../support/hostileMarkdown';
import { scaling } from '../../support/linearWork';

describe('the plain text of an article (for excerpts and search)', () => {
  it('is what a reader sees: words of every block parted by a blank line, link texts without addresses, no marks', () => {
    const markdown = '# Deploy\nRun **npm ci** and [the wiki](https://wiki.example.com), `code`\n\n- one\n- *two*\n\n> quoted\n\n```\nconst x = 1;\n```\n\\*kept\\* <b>';
    expect(markdownPlainText(markdown)).toBe('Deploy\n\nRun npm ci and the wiki, code\n\none\n\ntwo\n\nquoted\n\nconst x = 1;\n\n*kept* <b>');
  });

  it('keeps bare URLs and marks that are not formatting', () => {
    expect(markdownPlainText('see https://example.com/a_b. 2 * 3 = 6, snake_case')).toBe('see https://example.com/a_b. 2 * 3 = 6, snake_case');
  });

  it.each(Object.keys(hostileMarkdown(100)))('reads %s of the largest size with linear work', (name) => {
    const { perChar, growth } = scaling((length) => hostileMarkdown(length)[name]!, markdownPlainText);
    expect(perChar).toBeLessThan(20);
    expect(growth).toBeLessThan(2.3);
  });
});
