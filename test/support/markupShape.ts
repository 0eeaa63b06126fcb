/** What rendered Markdown may contain: these tags, with exactly these attributes. */
const allowedTags = new Set(['p', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'br', 'a']);
const voidTags = new Set(['br']);
const linkAttributes = /^ href="https?:\/\/[^"<>\s]+" target="_blank" rel="noopener noreferrer"$/;

export interface MarkupShape {
  /** every start tag, e.g. `a`, `strong` */
  tags: string[];
  /** the `href` of every link, as written (entity-escaped) */
  hrefs: string[];
  /** how deep elements nest at most */
  depth: number;
  /** what is wrong: a tag or attribute not of ours, an unbalanced tag, a bare `<`, `>` or `"` in text */
  problems: string[];
}

/**
 * Reads markup the way a browser would find its tags: every `<` must start one of our tags (text has its
 * `<`, `>` and quotes escaped), attributes must be exactly ours, and tags must nest properly.
 */
export function markupShape(markup: string): MarkupShape {
  const shape: MarkupShape = { tags: [], hrefs: [], depth: 0, problems: [] };
  const open: string[] = [];
  const tag = /<(\/?)([a-z0-9]+)([^<>]*)>/g;
  let last = 0;
  for (const match of markup.matchAll(tag)) {
    const text = markup.slice(last, match.index);
    if (/[<>"]/.test(text)) shape.problems.push(`unescaped text: ${text.slice(0, 40)}`);
    last = (match.index ?? 0) + match[0].length;
    const [, closing, name = '', attributes = ''] = match;
    if (!allowedTags.has(name)) shape.problems.push(`tag <${name}>`);
    if (closing) {
      if (open.pop() !== name) shape.problems.push(`unbalanced </${name}>`);
      continue;
    }
    shape.tags.push(name);
    if (name === 'a') {
      if (!linkAttributes.test(attributes)) shape.problems.push(`link attributes ${attributes}`);
      shape.hrefs.push(/href="([^"]*)"/.exec(attributes)?.[1] ?? '');
    } else if (name === 'ol') {
      if (attributes !== '' && !/^ start="\d+"$/.test(attributes)) shape.problems.push(`list attributes ${attributes}`);
    } else if (attributes !== '') shape.problems.push(`attributes on <${name}>: ${attributes}`);
    if (!voidTags.has(name)) {
      open.push(name);
      shape.depth = Math.max(shape.depth, open.length);
    }
  }
  if (/[<>"]/.test(markup.slice(last))) shape.problems.push('unescaped text at the end');
  if (open.length > 0) shape.problems.push(`unclosed ${open.join(' ')}`);
  return shape;
}

/** The text a reader sees in markup: tags out (line breaks and block ends as newlines), entities back to characters. */
export function markupText(markup: string): string {
  return markup
    .replace(/<br>|<\/(p|h\d|li|pre|blockquote)>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\n+$/, '');
}
