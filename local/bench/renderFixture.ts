import type { ArticleSummary } from '../../shared/storage/articleStore';
import { cursorOf } from '../../shared/storage/articleRows';
import { excerptOf } from '../../shared/storage/excerptOf';
import { signSession, type Session } from '../../shared/web/session';
import type { ArticleListView } from '../../placementHandler/views/articleListView';
import type { SidebarContext } from '../../placementHandler/views/sidebarLayout';
import { articleBody } from './articleText';

export const renderedArticles = 200;

/**
 * What openSidebar hands renderArticleList for a chat with 200 articles, built by hand: a signed session for
 * the chat's owner (so every article shows its edit controls' worth of markup) and articles with ~1,200
 * characters of mixed Latin/Cyrillic text each, changed over the last days.
 */
export function renderFixture(nowMs = Date.now()): { context: SidebarContext; view: ArticleListView } {
  const session: Session = {
    memberId: 'bench0000000000000000000000000000',
    userId: '1',
    userName: 'Anna Schmidt',
    dialogId: 'chat2',
    chatId: 2,
    chatName: 'General chat',
    chatKind: 'open',
    memberCount: 2,
    canModerate: true,
    isAdmin: false,
    lang: 'en',
    installId: '',
    checkedAt: nowMs,
    expiresAt: Math.floor(nowMs / 1000) + 4 * 3600,
  };
  const context: SidebarContext = {
    session,
    sessionToken: signSession('bench-session-secret-0123456789abcdef', session),
    bx24ScriptUrl: 'https://api.bitrix24.com/api/v1/',
    frameAncestor: 'https://example.bitrix24.com',
    nowMs,
  };
  const articles: ArticleSummary[] = Array.from({ length: renderedArticles }, (_, i) => {
    const at = new Date(nowMs - i * 37 * 60_000).toISOString();
    const id = `${String(9_999_999_999_999 - nowMs + i).padStart(13, '0')}${i.toString(16).padStart(8, '0')}`;
    return {
      id,
      title: `Article ${i + 1}: release checklist <v${i}> & notes`,
      excerpt: excerptOf(articleBody(i)),
      authorId: String((i % 3) + 1),
      authorName: ['Anna Schmidt', 'Boris Ivanov', 'Chen Wei'][i % 3]!,
      editorId: '2',
      editorName: i % 2 ? 'Boris Ivanov' : '',
      createdAt: at,
      updatedAt: at,
      cursor: cursorOf({ id, updatedAt: at }),
    };
  });
  return { context, view: { page: { articles, total: articles.length, more: false }, query: '' } };
}
