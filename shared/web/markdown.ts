import { parseMarkdown, type Block, type Inline } from '../markdown/parseMarkdown';
import { textWork } from '../markdown/textWork';
import { escapeHtml, raw, type SafeHtml } from './html';

/**
 * An article's Markdown as markup, escape-first: every character the user typed is text (escaped) unless the
 * subset (shared/markdown/parseMarkdown.ts) makes it markup, and the only markup is the fixed set of tags
 * written here. Links go to http(s) addresses only, open outside the portal frame and send no referrer.
 * Headings start at h3: the page's own title and sections use h1 and h2. Linear in the input.
 */
export function renderMarkdown(markdown: string): SafeHtml {
  let out = '';
  const write = (blocks: Block[]) => {
    for (const block of blocks) {
      textWork.steps++;
      switch (block.kind) {
        case 'paragraph':
          out += `<p>${inlineHtml(block.inlines)}</p>`;
          break;
        case 'heading': {
          const tag = `h${Math.min(block.level + 2, 6)}`;
          out += `<${tag}>${inlineHtml(block.inlines)}</${tag}>`;
          break;
        }
        case 'code':
          out += `<pre><code>${escapeHtml(block.text)}</code></pre>`;
          break;
        case 'quote':
          out += '<blockquote>';
          write(block.blocks);
          out += '</blockquote>';
          break;
        case 'list':
          out += block.ordered ? (block.start === 1 ? '<ol>' : `<ol start="${block.start}">`) : '<ul>';
          for (const item of block.items) {
            out += '<li>';
            // Items read as lines: an item's paragraph gets no paragraph spacing unless it has several.
            const spaced = item.filter((inner) => inner.kind === 'paragraph').length > 1;
            for (const inner of item) {
              if (inner.kind === 'paragraph' && !spaced) out += inlineHtml(inner.inlines);
              else write([inner]);
            }
            out += '</li>';
          }
          out += block.ordered ? '</ol>' : '</ul>';
          break;
      }
    }
  };
  write(parseMarkdown(markdown));
  // Every piece of user text above went through escapeHtml; the tags are this function's own.
  return raw(out);
}

const linkAttributes = 'target="_blank" rel="noopener noreferrer"';

function inlineHtml(inlines: Inline[]): string {
  let out = '';
  for (const inline of inlines) {
    textWork.steps++;
    switch (inline.kind) {
      case 'text':
        out += escapeHtml(inline.text);
        break;
      case 'code':
        out += `<code>${escapeHtml(inline.text)}</code>`;
        break;
      case 'break':
        out += '<br>';
        break;
      case 'url':
        out += `<a href="${escapeHtml(inline.href)}" ${linkAttributes}>${escapeHtml(inline.text)}</a>`;
        break;
      case 'open':
        out += inline.tag === 'link' ? `<a href="${escapeHtml(inline.href)}" ${linkAttributes}>` : `<${inline.tag}>`;
        break;
      case 'close':
        out += inline.tag === 'link' ? '</a>' : `</${inline.tag}>`;
        break;
    }
  }
  return out;
}
