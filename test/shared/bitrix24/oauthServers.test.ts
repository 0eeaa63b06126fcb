import { oauthServerOf } from '../../../shared/bitrix24/oauthServers';

const allowed = ['https://oauth.bitrix.info/', 'https://oauth.bitrix24.tech/'];

describe('the OAuth server a request names', () => {
  it('is one of the allowed ones, however the request spells its REST endpoint', () => {
    expect(oauthServerOf('https://oauth.bitrix24.tech/rest/', allowed)).toBe('https://oauth.bitrix24.tech/');
    expect(oauthServerOf('https://OAUTH.bitrix.info/rest', allowed)).toBe('https://oauth.bitrix.info/');
    expect(oauthServerOf('https://oauth.bitrix.info/', allowed)).toBe('https://oauth.bitrix.info/');
  });

  it('is none for any other host, scheme or shape', () => {
    for (const named of ['https://oauth.bitrix.info.evil.example/rest/', 'http://oauth.bitrix.info/rest/', 'https://user@oauth.bitrix.info/rest/', 'https://oauth.bitrix.info/rest/?x=1', 'file:///etc/passwd', 'javascript:alert(1)', '//oauth.bitrix.info/rest/', '', 'not a url', 'https://oauth.bitrix.info/other/rest/']) {
      expect({ named, server: oauthServerOf(named, allowed) }).toEqual({ named, server: null });
    }
  });
});
