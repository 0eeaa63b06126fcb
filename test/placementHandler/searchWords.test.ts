import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, createArticle, openSidebar } from '../support/sidebarDriver';

describe('searching the knowledge base for several words', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  it('finds the articles that hold every word, in any order and any case, keeping the words in the box', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const vpn = await createArticle(app, page, 'VPN setup for new laptops (Frankfurt gateway, two-factor sign-in)', 'Ask IT for **admin rights** first.');
    const printer = await createArticle(app, page, 'Printers in Frankfurt', 'The gateway printer is on the second floor.');
    const street = await createArticle(app, page, 'Die Straße', 'Die Tür mit der ёлка.');
    const search = async (q: string) => articleIds(await act(app, page, 'list', { q }));

    expect(await search('VPN laptops')).toEqual([vpn]);
    expect(await search('laptops VPN')).toEqual([vpn]);
    expect(await search('Frankfurt gateway two-factor')).toEqual([vpn]);
    expect(await search('admin rights')).toEqual([vpn]);
    expect(await search('rights LAPTOPS')).toEqual([vpn]);
    // Newest change first, as the list shows them.
    expect(await search('gateway frankfurt')).toEqual([printer, vpn]);
    expect(await search('Frankfurt gateway printer')).toEqual([printer]);
    expect(await search('"gateway printer"')).toEqual([printer]);
    expect(await search('"printer gateway"')).toEqual([]);
    expect(await search('STRASSE елка')).toEqual([street]);

    const found = await act(app, page, 'list', { q: 'laptops, VPN' });
    expect(articleIds(found)).toEqual([vpn]);
    expect(found.body).toContain('value="laptops, VPN"');
    expect(visibleText(found.body)).toContain('1 article found');

    const none = await act(app, page, 'list', { q: 'VPN printers' });
    expect(articleIds(none)).toEqual([]);
    expect(visibleText(none.body)).toContain('Nothing found for “VPN printers”.');
    expect(none.body).toContain('value="VPN printers"');
  });
});
