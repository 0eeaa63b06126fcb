import { bindApp, bindCommands } from '../../../shared/bitrix24/bindings';
import { RestError, type BatchAnswer, type RestClient } from '../../../shared/bitrix24/restClient';
import { loadConfig } from '../../../shared/config';

const config = loadConfig({
  BITRIX24_CLIENT_ID: 'local.app',
  BITRIX24_CLIENT_SECRET: 'secret',
  PUBLIC_BASE_URL: 'https://kb.example.com',
  SESSION_SECRET: 's'.repeat(32),
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
});

/** A portal that answers the binding batch with these errors (by command) and success for the rest. */
function portal(errors: Record<string, RestError>): RestClient & { batches: Record<string, string>[] } {
  const batches: Record<string, string>[] = [];
  return {
    batches,
    call: () => Promise.reject(new Error('not used')),
    batch: async (_endpoint, commands): Promise<BatchAnswer> => {
      batches.push(commands);
      return { results: Object.fromEntries(Object.keys(commands).filter((key) => !errors[key]).map((key) => [key, true])), errors };
    },
  };
}

const refusal = (code: string, description = '') => new RestError(code, description, 'placement.bind', 400);

describe('binding the app’s items and events', () => {
  it('binds the message menu without an icon, for group and one-to-one chats, titled in en, ru and de', () => {
    const command = decodeURIComponent((bindCommands(config).messageMenu ?? '').replace(/\+/g, ' '));
    expect(command).toContain('placement.bind?PLACEMENT=IM_CONTEXT_MENU&HANDLER=https://kb.example.com/api/placement&TITLE=Save to knowledge base&');
    expect(command).toContain('LANG_ALL[ru][TITLE]=Сохранить в базу знаний');
    expect(command).toContain('LANG_ALL[de][TITLE]=In der Wissensdatenbank speichern');
    expect(command).toContain('OPTIONS[context]=USER;CHAT&OPTIONS[role]=USER&OPTIONS[extranet]=N');
    expect(command).not.toContain('iconName');
  });

  it('counts items bound before as bound, and a portal without the message menu as a sidebar-only install', async () => {
    const again = portal({ placement: refusal('ERROR_CORE', 'Unable to set placement handler: Handler already binded'), messageMenu: refusal('ERROR_CORE', 'Handler already binded') });
    await expect(bindApp(again, config, 'https://acme.bitrix24.com/rest/', 'token')).resolves.toEqual({ messageMenuBound: true });
    const older = portal({ messageMenu: refusal('ERROR_PLACEMENT_NOT_FOUND', 'Placement not found') });
    await expect(bindApp(older, config, 'https://acme.bitrix24.com/rest/', 'token')).resolves.toEqual({ messageMenuBound: false });
    expect(older.batches).toHaveLength(1);
  });

  it('fails on any other refusal, of the message menu too', async () => {
    await expect(bindApp(portal({ messageMenu: refusal('ERROR_ARGUMENT') }), config, 'https://acme.bitrix24.com/rest/', 'token')).rejects.toMatchObject({ code: 'ERROR_ARGUMENT' });
    await expect(bindApp(portal({ placement: refusal('ERROR_PLACEMENT_NOT_FOUND') }), config, 'https://acme.bitrix24.com/rest/', 'token')).rejects.toMatchObject({ code: 'ERROR_PLACEMENT_NOT_FOUND' });
  });
});
