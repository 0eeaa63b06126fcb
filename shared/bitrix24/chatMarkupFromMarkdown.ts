import { parseMarkdown, type Block, type Inline } from '../markdown/parseMarkdown';
import { textWork } from '../markdown/textWork';
import { ChatMarkup, chatText } from './chatMarkup';

/** How much of an article a card shows (UTF-16 units of markup): its start, as its text block. */
export const cardTextLength = 600;

/**
 * An article's Markdown as the text block of a chat card (`im.message.add` ATTACH, protocol notes 7b), which
 * renders [B], [I], [URL=…] and [BR] but neither [CODE] nor quotes: headings and bold as [B], italics as [I],
 * http(s) links as [URL=…], lists as bulleted or numbered lines (nested ones indented with tabs), quotes as
 * lines starting with "» ", code as its lines of text, line breaks as [BR]. Those tags and marks are the
 * app's own; every piece of the user's text goes through `chatText` (no tag, no quote, no Markdown, the same
 * words). At most `maxLength` UTF-16 units: what does not fit is cut at the end, after the last whole
 * character, with "…", and every tag opened is closed. Linear in the input.
 */
export function markdownToChatMarkup(markdown: string, maxLength = cardTextLength): ChatMarkup {
  const writer = new ChatWriter(maxLength);
  writeBlocks(writer, parseMarkdown(markdown), 2);
  return new ChatMarkup(writer.finish());
}

/** `breaks`: line breaks between blocks (2 between paragraphs; 1 inside lists and quotes). */
function writeBlocks(writer: ChatWriter, blocks: Block[], breaks: number): void {
  blocks.forEach((block, index) => {
    textWork.steps++;
    if (index > 0) writer.lineBreak(breaks);
    switch (block.kind) {
      case 'paragraph':
        writeInlines(writer, block.inlines);
        break;
      case 'heading':
        writer.tag('[B]', '[/B]');
        writeInlines(writer, block.inlines);
        writer.close();
        break;
      case 'code':
        block.text.split('\n').forEach((line, lineIndex) => {
          if (lineIndex > 0) writer.lineBreak(1);
          writer.text(line);
        });
        break;
      case 'quote':
        writer.structure(quoteMark);
        // Every further line of the quote (a quote inside it too) starts with the mark as well.
        writer.withLinePrefix(quoteMark, () => writeBlocks(writer, block.blocks, 1));
        break;
      case 'list':
        block.items.forEach((item, itemIndex) => {
          if (itemIndex > 0) writer.lineBreak(1);
          writer.structure(`${block.ordered ? `${block.start + itemIndex}.` : '•'} `);
          // The item's further lines (and nested lists) are indented one tab deeper.
          writer.withLinePrefix('\t', () => writeBlocks(writer, item, 1));
        });
        break;
    }
  });
}

/** What a quoted line starts with: not the chat's `>>`, which a card does not render. */
const quoteMark = '» ';

function writeInlines(writer: ChatWriter, inlines: Inline[]): void {
  inlines.forEach((inline, index) => {
    textWork.steps++;
    switch (inline.kind) {
      case 'text':
      case 'code':
        writer.text(inline.text);
        break;
      case 'url':
        // A bare address is a link of its own: the chat would otherwise link the address as neutralised.
        writer.tag(`[URL=${chatUrl(inline.href)}]`, '[/URL]');
        writer.text(inline.text);
        writer.close();
        break;
      case 'break':
        writer.lineBreak(1);
        break;
      case 'open':
        if (inline.tag === 'link') {
          // A link without text shows its address.
          if (inlines[index + 1]?.kind === 'close') writer.text(inline.href);
          else writer.tag(`[URL=${chatUrl(inline.href)}]`, '[/URL]');
        } else writer.tag(inline.tag === 'strong' ? '[B]' : '[I]', inline.tag === 'strong' ? '[/B]' : '[/I]');
        break;
      case 'close':
        if (inline.tag !== 'link' || inlines[index - 1]?.kind !== 'open') writer.close();
        break;
    }
  });
}

/**
 * An http(s) address as a [URL=...] value: nothing in it may end the tag or start another, nor read as
 * Markdown's emphasis or code (`*` and a backtick are escaped as percent codes too), nor make a line break
 * (Bitrix24's server-side parsers turn `#BR#` into one anywhere, inside a tag too, protocol notes 7b). The
 * first `#` marks the fragment and stays; every further one is `%23`, which a browser reads the same in a
 * fragment.
 */
function chatUrl(href: string): string {
  let fragment = false;
  return href.replace(/[[\]\s*`#]/g, (char) => {
    if (char === '#' && !fragment) {
      fragment = true;
      return char;
    }
    return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/**
 * Writes the markup within its length: what does not fit is dropped from the end (marked with "…"), and the
 * closing tags of everything opened always fit, because their room is kept free as tags open.
 */
class ChatWriter {
  private out = '';
  private readonly closing: string[] = [];
  private closingLength = 0;
  private full = false;
  private readonly prefixes: string[] = [];

  constructor(private readonly maxLength: number) {}

  /** Room left for content: the closing tags and the "…" are kept free. */
  private room(): number {
    return this.maxLength - this.out.length - this.closingLength - 1;
  }

  private append(value: string): void {
    if (this.full) return;
    if (value.length <= this.room()) {
      this.out += value;
      return;
    }
    let cut = Math.max(this.room(), 0);
    const last = value.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut--; // never half a character
    this.out += value.slice(0, cut);
    this.full = true;
  }

  /** User text: neutralised (chatText), so that it is never markup. */
  text(value: string): void {
    if (value !== '') this.append(chatText(value));
  }

  /** The app's own marks (list bullets, numbers, indentation, quote marks). */
  structure(value: string): void {
    this.append(value);
  }

  tag(open: string, close: string): void {
    if (this.full || open.length + close.length > this.room()) {
      this.full = true;
      this.closing.push('');
      return;
    }
    this.out += open;
    this.closing.push(close);
    this.closingLength += close.length;
  }

  close(): void {
    const close = this.closing.pop() ?? '';
    this.closingLength -= close.length;
    this.out += close;
  }

  /** Line breaks ([BR], whole or not at all), each followed by the prefixes of the quotes and list items around. */
  lineBreak(count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.full || lineBreakTag.length > this.room()) {
        this.full = true;
        return;
      }
      this.out += lineBreakTag;
      const prefix = this.prefixes.join('');
      if (prefix !== '') this.structure(prefix);
    }
  }

  /** Runs `write` with `prefix` after every line break it makes. */
  withLinePrefix(prefix: string, write: () => void): void {
    this.prefixes.push(prefix);
    write();
    this.prefixes.pop();
  }

  finish(): string {
    while (this.closing.length > 0) this.close();
    return this.full && this.out.length < this.maxLength ? `${this.out}…` : this.out;
  }
}

const lineBreakTag = '[BR]';
