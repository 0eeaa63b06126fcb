import { writeLegacyArticles } from '../legacyArticles';
import type { ArticleDraft } from '../../shared/storage/articleStore';
import { createTables } from '../../shared/storage/tableStorage';
import type { BenchStack } from './benchStack';
import { postForm } from './hostClient';
import { timed } from './stats';

/** One chat of the big-chat scenarios: how many articles, how long, of what text. */
export interface BigChat {
  /** row label, e.g. `1,000 × 4,000` */
  label: string;
  chatId: number;
  dialogId: string;
  articles: number;
  /** characters (code points) per article text */
  chars: number;
  hostile: boolean;
  /** the article whose text ends with the word the search scenario looks for */
  target: number;
}

function chat(chatId: number, articles: number, chars: number, hostile = false): BigChat {
  const label = `${articles.toLocaleString('en')} × ${chars.toLocaleString('en')}${hostile ? ' hostile' : ''}`;
  return { label, chatId, dialogId: `chat${chatId}`, articles, chars, hostile, target: Math.floor(articles / 2) };
}

/** The 10-article chat is the baseline; the 1,000 × 4,000 one is the main case. */
export const bigChats = {
  small: chat(1001, 10, 4000),
  medium: chat(1002, 200, 4000),
  large: chat(1003, 1000, 4000),
  long: chat(1004, 1000, 20_000),
  hostile: chat(1005, 1000, 20_000, true),
};

export const allBigChats: BigChat[] = Object.values(bigChats);

/** The word near the end of one article's text that the searches look for (typed in capitals). */
export function searchWord(index: number): string {
  return `zebrafish-${index}.`;
}

/** Latin and Cyrillic with a link, one line per sentence: what ordinary articles are made of. */
function ordinaryText(seed: number, chars: number): string {
  const line = `Step ${seed}: open https://example.com/docs/${seed} and check the settings. Шаг ${seed}: проверьте настройки и сохраните.\n`;
  return line.repeat(Math.ceil(chars / line.length)).slice(0, chars);
}

/**
 * What makes folding and rendering work hardest, repeated: U+FDFA (18 characters under NFKC), runs of 40
 * characters that decompose to non-starters normalisation reorders (accents, the half-width sound mark
 * U+FF9E, and U+0344 and U+0F73, which decompose to two marks each: 60 non-starters a run), ß and İ (longer
 * when case-folded), emoji (two code units), markup characters and a right-to-left override. 100 code points
 * per piece.
 */
const hostilePiece = `${'\ufdfa'.repeat(20)}a${'\u0301\uff9e\u0344\u0f73'.repeat(10)}${'ß'.repeat(10)}${'İ'.repeat(5)}${'😀'.repeat(5)}<&"\u202e${'x'.repeat(15)}`;

function hostileText(chars: number): string {
  const points = Array.from(hostilePiece.repeat(Math.ceil(chars / 100)));
  return points.slice(0, chars).join('');
}

function articleText(chat: BigChat, index: number): string {
  const word = searchWord(index);
  const length = chat.chars - word.length - 1;
  return `${chat.hostile ? hostileText(length) : ordinaryText(index, length)} ${word}`;
}

function title(chat: BigChat, index: number): string {
  return chat.hostile ? `${hostileText(180)} ${index}` : `Runbook ${index}: how we handle incidents of type ${index % 17}`;
}

/** Each chat as it would be in production before this version: the articles' rows, nothing else. */
export async function seedBigChats(bench: BenchStack): Promise<void> {
  const client = await createTables({ kind: 'connectionString', connectionString: bench.directStorage }).table('articles');
  const start = Date.now() - 10 * 24 * 3600_000;
  for (const big of allBigChats) {
    bench.stack.sim.addChat({
      id: big.chatId,
      dialogId: big.dialogId,
      name: `Bench ${big.label}`,
      description: '',
      type: 'chat',
      owner: 1,
      managers: [1],
      members: [1, 2],
      entityType: '',
      entityId: '',
      dateCreate: '2024-01-10T10:00:00+01:00',
    });
    const drafts: ArticleDraft[] = Array.from({ length: big.articles }, (_, index) => {
      const at = new Date(start + index * 60_000).toISOString();
      return { title: title(big, index), body: articleText(big, index), authorId: '2', authorName: 'Boris Ivanov', editorId: '2', editorName: 'Boris Ivanov', createdAt: at, updatedAt: at };
    });
    await writeLegacyArticles(client, { memberId: bench.stack.sim.memberId, chatId: big.chatId }, drafts, start);
  }
}

/** The first open of each seeded chat through the app, which indexes it (the first touch after a deploy). */
export async function firstTouch(bench: BenchStack, big: BigChat): Promise<{ ms: number; status: number }> {
  const form = bench.stack.sim.sidebarForm({ dialogId: big.dialogId });
  const { ms, value } = await timed(() => postForm(`${bench.stack.host.url}/api/placement?${form.query}`, form.body));
  return { ms, status: value.status };
}
