import type { AppHarness, Answer } from './appHarness';

/** A sidebar page and what its forms carry, so a test can act the way the page's buttons do. */
export interface SidebarPage extends Answer {
  session: string;
  dialog: string;
}

function formsOf(body: string): { session: string; dialog: string } {
  return {
    session: /name="session" value="([^"]*)"/.exec(body)?.[1] ?? '',
    dialog: /name="dialog" value="([^"]*)"/.exec(body)?.[1] ?? '',
  };
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };
export const unescape = (value: string) => value.replace(/&(amp|lt|gt|quot|#39|#96);/g, (entity) => entities[entity] ?? entity);

/** Opens the sidebar in a chat as a user, the way the portal posts it. */
export async function openSidebar(app: AppHarness, options: { dialogId: string; userId?: number; lang?: string }): Promise<SidebarPage> {
  const answer = await app.placement(app.sim.sidebarForm(options));
  if (answer.status !== 200) throw new Error(`sidebar open failed: ${answer.status}`);
  const forms = formsOf(answer.body);
  return { ...answer, session: unescape(forms.session), dialog: unescape(forms.dialog) };
}

/** Submits a sidebar form: the page's session and dialog plus the action's own fields. */
export async function act(app: AppHarness, page: { session: string; dialog: string }, action: string, fields: Record<string, string> = {}): Promise<SidebarPage> {
  const body = new URLSearchParams({ session: page.session, dialog: page.dialog, ...fields }).toString();
  const answer = await app.placement({ query: '', body }, action);
  const forms = formsOf(answer.body);
  return { ...answer, session: forms.session ? unescape(forms.session) : page.session, dialog: forms.dialog ? unescape(forms.dialog) : page.dialog };
}

/** The ids of the articles a list page shows, in order. */
export function articleIds(page: Answer): string[] {
  return [...page.body.matchAll(/name="id" value="(\d{13}[0-9a-f]{8})" class="article-link/g)].map((m) => m[1] ?? '');
}

/** The value of a hidden field (e.g. etag) on a page. */
export function hiddenField(page: Answer, name: string): string {
  return unescape(new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body)?.[1] ?? '');
}

/** Creates an article through the page's form and returns its id. */
export async function createArticle(app: AppHarness, page: SidebarPage, title: string, body = ''): Promise<string> {
  const answer = await act(app, page, 'create', { title, body });
  if (answer.status !== 200) throw new Error(`create failed: ${answer.status}`);
  return hiddenField(answer, 'id');
}

/** The hidden fields of the form that holds (or is) the element with this test id, and where it posts. */
export function formFields(page: Answer, testId: string): { action: string; fields: Record<string, string> } {
  const at = page.body.indexOf(`data-testid="${testId}"`);
  if (at < 0) throw new Error(`no element ${testId}`);
  const start = page.body.lastIndexOf('<form', at);
  const form = page.body.slice(start, page.body.indexOf('</form>', at));
  const action = /action="([^"]*)"/.exec(form)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[unescape(match[1] ?? '')] = unescape(match[2] ?? '');
  return { action: unescape(action), fields };
}

/** A directive of a response's Content-Security-Policy, e.g. `frame-ancestors`. */
export function cspDirective(page: Answer, name: string): string {
  const csp = page.headers.get('content-security-policy') ?? '';
  return csp.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${name} `))?.slice(name.length + 1) ?? '';
}

/** Sends a form of a page (see formFields) the way its button does. */
export async function submit(app: AppHarness, form: { action: string; fields: Record<string, string> }): Promise<SidebarPage> {
  const action = form.action.replace(/^\/api\/placement\/?/, '');
  const answer = await app.placement({ query: '', body: new URLSearchParams(form.fields).toString() }, action || undefined);
  const forms = formsOf(answer.body);
  return { ...answer, session: unescape(forms.session), dialog: unescape(forms.dialog) };
}

/** Everything the article editor's form sends as it stands: its hidden fields, title, text and format box. */
export function editorFields(page: Answer): Record<string, string> {
  const start = page.body.indexOf('<form method="post" action="/api/placement/');
  const formStart = page.body.lastIndexOf('<form', page.body.indexOf('id="article-form"'));
  if (start < 0 || formStart < 0) throw new Error('no article editor');
  const form = page.body.slice(formStart, page.body.indexOf('</form>', formStart));
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[unescape(match[1] ?? '')] = unescape(match[2] ?? '');
  fields.title = unescape(/id="title" name="title" value="([^"]*)"/.exec(form)?.[1] ?? '');
  fields.body = unescape(/<textarea id="body" name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(form)?.[1] ?? '');
  if (/name="format" value="markdown"[^>]* checked/.test(form)) fields.format = 'markdown';
  return fields;
}
