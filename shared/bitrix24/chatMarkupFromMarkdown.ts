import { parseMarkdown, type Block, type Inline } from '../markdown/parseMarkdown';
import { textWork } from '../markdown/textWork';
import { ChatMarkup, chatText } from './chatMarkup';

/** `im.message.add` takes at most this many characters. */
export const maxChatMessageLength = 20_000;

/**
 * An article's Markdown as chat markup for `im.message.add`: bold and headings as [B], italics as [I], http(s)
 * links as [URL=...], code blocks as [CODE], lists as bulleted or numbered lines (nested ones indented with
 * tabs), quotes as `>>` lines. Those tags and marks are the app's own; every piece of the user's text goes
 * through `chatText` (no tag, no quote line, the same words). The result has at most `maxLength` characters
 * (UTF-16 units): what does not fit is cut at the end, after the last whole character, with "…", and every
 * tag opened is closed. Linear in the input.
 */
export function markdownToChatMarkup(markdown: string, maxLength = maxChatMessageLength): ChatMarkup {
  const writer = new ChatWriter(maxLength);
  writeBlocks(writer, parseMarkdown(markdown), false, '\n\n');
  return new ChatMarkup(writer.finish());
}

/** `quoted`: inside a quote, where every line starts with `>>` and code is plain lines. */
function writeBlocks(writer: ChatWriter, blocks: Block[], quoted: boolean, separator: string): void {
  blocks.forEach((block, index) => {
    textWork.steps++;
    if (index > 0) writer.lineBreak(separator === '\n\n' ? 2 : 1);
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
        if (quoted) {
          block.text.split('\n').forEach((line, lineIndex) => {
            if (lineIndex > 0) writer.lineBreak(1);
            writer.text(line);
          });
        } else writer.code(block.text);
        break;
      case 'quote':
        // The chat has one level of quotes: a quote inside a quote is part of it.
        if (quoted) writeBlocks(writer, block.blocks, true, '\n');
        else {
          writer.structure('>>');
          writer.withLinePrefix('>>', () => writeBlocks(writer, block.blocks, true, '\n'));
        }
        break;
      case 'list':
        block.items.forEach((item, itemIndex) => {
          if (itemIndex > 0) writer.lineBreak(1);
          writer.structure(`${block.ordered ? `${block.start + itemIndex}.` : '•'} `);
          // The item's further lines (and nested lists) are indented one tab deeper.
          writer.withLinePrefix('\t', () => writeBlocks(writer, item, quoted, '\n'));
        });
        break;
    }
  });
}

function writeInlines(writer: ChatWriter, inlines: Inline[]): void {
  inlines.forEach((inline, index) => {
    textWork.steps++;
    switch (inline.kind) {
      case 'text':
      case 'code':
      case 'url':
        writer.text(inline.text);
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

/** An http(s) address as a [URL=...] value: nothing in it may end the tag or start another. */
function chatUrl(href: string): string {
  return href.replace(/[[\]\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Inside [CODE] the chat shows text as it is, except that `[/CODE]` ends it; mentions are broken too. */
function chatCodeText(text: string): string {
  return text.replace(/\[(?=\/code|user=)/gi, '\uff3b');
}

/**
 * Writes the message within its length: what does not fit is dropped from the end (marked with "…"), and the
 * closing tags of everything opened always fit, because their room is kept free as tags open. It also keeps
 * user text from making a quote line across pieces (`>` at a line's start, then another `>`).
 */
class ChatWriter {
  private out = '';
  private readonly closing: string[] = [];
  private closingLength = 0;
  private full = false;
  private readonly prefixes: string[] = [];
  /** what the current line holds so far, app tags not counted: only white space, or that and one `>` */
  private line: 'start' | 'oneGt' | 'other' = 'start';

  constructor(private readonly maxLength: number) {}

  /** Room left for content: the closing tags and the "…" are kept free. */
  private room(): number {
    return this.maxLength - this.out.length - this.closingLength - 1;
  }

  private append(value: string): boolean {
    if (this.full) return false;
    if (value.length <= this.room()) {
      this.out += value;
      return true;
    }
    let cut = Math.max(this.room(), 0);
    const last = value.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut--; // never half a character
    this.out += value.slice(0, cut);
    this.full = true;
    return false;
  }

  /** User text: neutralised, and a `>` that would make `>>` with the one before it at a line's start is changed. */
  text(value: string): void {
    if (value === '') return;
    let safe = chatText(value);
    if (this.line === 'oneGt' && safe.charCodeAt(0) === 0x3e) safe = `\u203a${safe.slice(1)}`;
    this.track(safe);
    this.append(safe);
  }

  /** The app's own marks (list bullets, numbers, indentation). */
  structure(value: string): void {
    this.track(value);
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

  code(text: string): void {
    if (this.full || '[CODE][/CODE]'.length > this.room()) {
      this.full = true;
      return;
    }
    this.tag('[CODE]', '[/CODE]');
    this.append(chatCodeText(text));
    this.close();
    this.line = 'other';
  }

  /** Line breaks, each followed by the prefixes of the quotes and list items around. */
  lineBreak(count: number): void {
    for (let i = 0; i < count; i++) {
      this.line = 'start';
      this.append('\n');
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

  private track(value: string): void {
    for (let i = 0; i < value.length && this.line !== 'other'; i++) {
      const code = value.charCodeAt(i);
      if (code === 0x20 || code === 0x09) continue;
      this.line = code === 0x3e && this.line === 'start' ? 'oneGt' : 'other';
    }
  }
}
