import { parseMarkdown, type Block, type Inline } from './parseMarkdown';
import { textWork } from './textWork';

/**
 * What a reader sees of a Markdown text without its marks (for excerpts and search): the words of every
 * block, blocks parted by a blank line (an excerpt shows it as " · ", see excerptOf), link texts without their
 * addresses, code as it is. Linear in the input.
 */
export function markdownPlainText(markdown: string): string {
  const lines: string[] = [];
  blocksText(parseMarkdown(markdown), lines);
  return lines.join('\n\n');
}

function blocksText(blocks: Block[], lines: string[]): void {
  for (const block of blocks) {
    textWork.steps++;
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        lines.push(inlineText(block.inlines));
        break;
      case 'code':
        lines.push(block.text);
        break;
      case 'quote':
        blocksText(block.blocks, lines);
        break;
      case 'list':
        for (const item of block.items) blocksText(item, lines);
        break;
    }
  }
}

/** Inline content as the words a reader sees; a line break stays one. */
export function inlineText(inlines: Inline[]): string {
  let out = '';
  for (const inline of inlines) {
    textWork.steps++;
    if (inline.kind === 'text' || inline.kind === 'code' || inline.kind === 'url') out += inline.text;
    else if (inline.kind === 'break') out += '\n';
  }
  return out;
}
