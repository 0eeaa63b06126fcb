import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { hostileMarkdown } from '../support/hostileMarkdown';
import { markupShape } from '../support/markupShape';
import { act, articleIds, editorFields, hiddenField, openSidebar, type SidebarPage } from '../support/sidebarDriver';

/** The article text a page shows, as HTML. */
function bodyOf(page: string, testId = 'article-body'): string {
  return new RegExp(`data-testid="${testId}">([\\s\\S]*?)</div>`).exec(page)?.[1] ?? '';
}

describe('formatted articles (the Markdown subset) in the sidebar', () => {
  let app: AppHarness;
  let page: SidebarPage;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
    page = await openSidebar(app, { dialogId: 'chat2' });
  });
  afterEach(() => app.close());
  const chat = () => ({ memberId: app.sim.memberId, chatId: 2 });

  it('offers formatting on a new article, says what it does, and shows a formatted article as formatted', async () => {
    const editor = await act(app, page, 'new');
    expect(editorFields(editor).format).toBe('markdown');
    expect(visibleText(editor.body)).toContain('What formatting does # … a heading');
    const saved = await act(app, page, 'create', {
      title: 'VPN',
      format: 'markdown',
      body: '## Steps\n1. Install the **client** from [the intranet](https://intranet.example.com/vpn)\n2. Run `vpn up`\n\n> Ask Boris\n\n```\nsudo vpn restart\n```\n<b>not bold</b> [no](javascript:alert(1))',
    });
    expect(bodyOf(saved.body)).toBe(
      '<h4>Steps</h4><ol><li>Install the <strong>client</strong> from <a href="https://intranet.example.com/vpn" target="_blank" rel="noopener noreferrer">the intranet</a></li>' +
        '<li>Run <code>vpn up</code></li></ol><blockquote><p>Ask Boris</p></blockquote><pre><code>sudo vpn restart</code></pre>' +
        '<p>&lt;b&gt;not bold&lt;/b&gt; [no](javascript:alert(1))</p>',
    );
  });

  it('lists and searches what a reader sees: the words without the marks, links by their text', async () => {
    await act(app, page, 'create', { title: 'VPN', format: 'markdown', body: '# Setup\n**Install** the [client](https://dl.example.com/x_y) *now*' });
    const list = await act(app, page, 'list');
    expect(visibleText(list.body)).toContain('VPN Setup · Install the client now');
    const search = async (q: string) => articleIds(await act(app, page, 'list', { q }));
    expect(await search('install the client now')).toHaveLength(1);
    expect(await search('dl.example.com')).toEqual([]);
    expect(await search('**')).toEqual([]);
    expect(await search('"# setup"')).toEqual([]); // a phrase: a lone "#" between words is no word of its own
  });

  it('keeps an article from before formatting in plain text (its marks as typed) until someone ticks Formatting', async () => {
    const { article } = await app.runtime.articles.create(
      chat(),
      { title: 'Old', body: 'Use *.txt files, see https://example.com/a_b\n# not a heading', authorId: '1', authorName: 'Anna Schmidt', editorId: '1', editorName: 'Anna Schmidt', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
      1000,
    );
    const shown = await act(app, page, 'open', { id: article.id });
    expect(shown.body).toContain('class="article-body text"');
    expect(bodyOf(shown.body)).toBe('Use *.txt files, see <a href="https://example.com/a_b" target="_blank" rel="noopener noreferrer">https://example.com/a_b</a>\n# not a heading');
    expect(visibleText((await act(app, page, 'list')).body)).toContain('Use *.txt files, see https://example.com/a_b # not a heading');

    const editor = await act(app, page, 'edit', { id: article.id });
    const fields = editorFields(editor);
    expect(fields.format).toBeUndefined();
    const plain = await act(app, page, 'update', { ...fields, body: `${fields.body}\nmore` });
    expect(bodyOf(plain.body)).toContain('# not a heading\nmore');

    const formatted = await act(app, page, 'update', { ...editorFields(await act(app, page, 'edit', { id: article.id })), format: 'markdown', body: '# A heading now' });
    expect(bodyOf(formatted.body)).toBe('<h3>A heading now</h3>');
    expect((await app.runtime.articles.get(chat(), article.id))?.article.format).toBe('markdown');
  });

  it('previews without JavaScript: the same form with everything typed and its key, the text as it will show, nothing saved', async () => {
    const editor = await act(app, page, 'new');
    const fields = { ...editorFields(editor), title: 'Draft <b>', body: '*Hello* https://example.com' };
    const preview = await act(app, page, 'preview', fields);
    expect(preview.status).toBe(200);
    expect(editorFields(preview)).toEqual(fields);
    expect(preview.body).toContain('<h3 class="article-title user-text" dir="auto" data-testid="preview-title">Draft &lt;b&gt;</h3>');
    expect(bodyOf(preview.body, 'preview-body')).toBe('<p><em>Hello</em> <a href="https://example.com/" target="_blank" rel="noopener noreferrer">https://example.com</a></p>');
    const plain = await act(app, page, 'preview', { ...fields, format: '' });
    expect(bodyOf(plain.body, 'preview-body')).toContain('*Hello* <a href="https://example.com"');
    expect(articleIds(await act(app, page, 'list'))).toEqual([]);
    // The key the preview carries on is still unused: the save after it saves.
    const saved = await act(app, page, 'create', editorFields(preview));
    expect(visibleText(saved.body)).toContain('Article saved.');
  });

  it('previews within Save’s limits: too long a title or text shows Save’s errors, and only as much as an article can hold', async () => {
    const editor = await act(app, page, 'new');
    const body = `${'x'.repeat(19_999)}\u{1F600}${'y'.repeat(30_000)}`;
    const preview = await act(app, page, 'preview', { ...editorFields(editor), title: 'ü'.repeat(201), body });
    expect(preview.status).toBe(400);
    const fieldErrors = [...preview.body.matchAll(/<p class="field-error" id="\w+-error">([^<]*)<\/p>/g)].map((match) => match[1]);
    expect(fieldErrors).toEqual(['The title can have at most 200 characters (now 201).', 'The text can have at most 20,000 characters (now 50,000).']);
    // Everything typed stays in the form; the preview shows the first 200 and 20,000 characters, whole emoji.
    expect(editorFields(preview)).toMatchObject({ title: 'ü'.repeat(201), body });
    expect(/data-testid="preview-title">([^<]*)<\/h3>/.exec(preview.body)?.[1] === 'ü'.repeat(200)).toBe(true);
    expect(bodyOf(preview.body, 'preview-body') === `<p>${'x'.repeat(19_999)}\u{1F600}</p>`).toBe(true);
    // A text not yet titled previews as it is.
    const untitled = await act(app, page, 'preview', { ...editorFields(editor), title: '', body: '*Hello*' });
    expect(untitled.status).toBe(200);
    expect(bodyOf(untitled.body, 'preview-body')).toBe('<p><em>Hello</em></p>');
  });

  it('shows the largest hostile Markdown as its own tags only, links only to http(s)', async () => {
    const texts = Object.entries(hostileMarkdown());
    for (const [name, body] of texts.slice(0, 12)) {
      const saved = await act(app, page, 'create', { title: name, format: 'markdown', body });
      expect(saved.status).toBe(200);
      const shape = markupShape(bodyOf(saved.body));
      expect({ name, problems: shape.problems }).toEqual({ name, problems: [] });
      expect(shape.hrefs.every((href) => /^https?:/.test(href))).toBe(true);
      await app.runtime.articles.delete(chat(), hiddenField(saved, 'id'), hiddenField(await act(app, page, 'delete', { id: hiddenField(saved, 'id') }), 'etag'));
    }
  });
});
