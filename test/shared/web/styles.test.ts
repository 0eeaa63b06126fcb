import { styles } from '../../../shared/web/styles';

/** The page's CSS variables (`--name: #rrggbb`) as written in `:root`. */
function variables(): Record<string, string> {
  const root = /:root\{([^}]*)\}/.exec(styles)?.[1] ?? '';
  const long = (hex: string) => (hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex).toLowerCase();
  return Object.fromEntries([...root.matchAll(/--([\w-]+):(#[0-9a-f]{6}|#[0-9a-f]{3})\b/gi)].map((match) => [match[1]!, long(match[2]!)]));
}

/** WCAG 2's relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('the page colours', () => {
  const colour = variables();

  it('writes small text at WCAG AA contrast (4.5:1) on the card it sits on', () => {
    const below = ['text', 'muted', 'section', 'link', 'ok', 'bad']
      .map((name) => ({ name, contrast: Math.round(contrast(colour[name]!, colour.card!) * 100) / 100 }))
      .filter((pair) => !(pair.contrast >= 4.5));
    expect(below).toEqual([]);
  });

  it('keeps buttons and notices readable: pill text on its pill, white on the primary button, notices on their tint', () => {
    expect(contrast(colour['pill-text']!, colour.pill!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#ffffff', colour.primary!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colour.bad!, colour['bad-bg']!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colour.ok!, colour['ok-bg']!)).toBeGreaterThanOrEqual(4.5);
  });

  it('measures contrast as WCAG does (black on white is 21:1, the old grey failed)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#828b95', '#ffffff')).toBeLessThan(4.5);
  });
});
