import { html, raw } from '../shared/html';

/** Drawn inline: no icon fonts or emoji fonts are assumed on the user's machine. */
const bookIcon = raw(
  '<svg width="32" height="32" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="M4 19.5A2.5 2.5 0 0 1 6.5 17H20"/><path d="M6.5 2H20v20H6.5A2.5 2.5 0 0 1 4 19.5v-15A2.5 2.5 0 0 1 6.5 2z"/><path d="M9 7h7M9 11h5"/></svg>',
);
import { translator, type Lang, type MessageKey } from '../shared/i18n';
import { renderPage, type AppResponse } from '../shared/page';

export type ChatKind = 'chat' | 'open' | 'workgroup' | 'private' | 'lines';

export interface SidebarView {
  lang: Lang;
  bx24ScriptUrl: string;
  frameAncestor: string;
  chat: { name: string; kind: ChatKind; memberCount?: number };
  user: { name: string };
}

export function chatKind(dialog: { type: string; entity_type: string }, dialogId: string): ChatKind {
  if (/^\d+$/.test(dialogId) || dialog.type === 'private') return 'private';
  if (dialog.entity_type === 'SONET_GROUP' || dialogId.startsWith('sg')) return 'workgroup';
  if (dialog.type === 'lines') return 'lines';
  if (dialog.type === 'open') return 'open';
  return 'chat';
}

/** The IM_SIDEBAR page: which chat, who is looking, and the knowledge base area. A pure view-model → HTML. */
export function renderSidebarPage(view: SidebarView): AppResponse {
  const { t, plural } = translator(view.lang);
  const { chat, user } = view;
  return renderPage({
    lang: view.lang,
    title: `${t('sidebar.kbTitle')} · ${chat.name}`,
    bx24ScriptUrl: view.bx24ScriptUrl,
    frameAncestor: view.frameAncestor,
    body: html`<header class="card" data-chat-kind="${chat.kind}">
<h1 data-testid="chat-name">${chat.name}</h1>
<div class="meta">
<span class="badge">${t(`sidebar.kind.${chat.kind}` as MessageKey)}</span>
${chat.memberCount === undefined ? '' : html`<span data-testid="member-count">${plural('sidebar.members', chat.memberCount)}</span>`}
<span data-testid="user-name">${t('sidebar.you', { name: user.name })}</span>
</div>
</header>
<section class="card" aria-labelledby="kb-title" data-testid="knowledge-base">
<h2 id="kb-title">${t('sidebar.kbTitle')}</h2>
<div class="empty">
<div class="icon" aria-hidden="true">${bookIcon}</div>
<p><strong>${t('sidebar.emptyTitle')}</strong></p>
<p class="muted">${t('sidebar.emptyText')}</p>
</div>
</section>`,
  });
}
