import { parseFields, stringField } from '../../../shared/bitrix24/formFields';

describe('parseFields', () => {
  it('merges query and body, with bracketed keys as nested fields', () => {
    const fields = parseFields('DOMAIN=acme.bitrix24.com&LANG=de', 'AUTH_ID=abc&auth%5Bdomain%5D=x.bitrix24.com&data%5BFIELDS%5D%5BID%5D=7');
    expect(stringField(fields, 'DOMAIN')).toBe('acme.bitrix24.com');
    expect(stringField(fields, 'AUTH_ID')).toBe('abc');
    expect(fields.auth).toEqual({ domain: 'x.bitrix24.com' });
    expect(fields.data).toEqual({ FIELDS: { ID: '7' } });
  });

  it('lets the body win when a field arrives on both sides', () => {
    expect(stringField(parseFields('LANG=ru', 'LANG=de'), 'LANG')).toBe('de');
  });

  it('treats __proto__ as an ordinary key instead of polluting prototypes', () => {
    const fields = parseFields('', '__proto__%5Bpolluted%5D=yes&constructor%5Bprototype%5D%5Bx%5D=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(fields)).toBeNull();
  });

  it('keeps malformed or too deep bracket keys whole instead of guessing', () => {
    const fields = parseFields('', 'a%5Bb=1&c%5D=2&d[1][2][3][4][5][6][7]=3&e[]=4');
    expect(stringField(fields, 'a[b')).toBe('1');
    expect(stringField(fields, 'c]')).toBe('2');
    expect(stringField(fields, 'd[1][2][3][4][5][6][7]')).toBe('3');
    expect(stringField(fields, 'e[]')).toBe('4');
  });

  it('does not let a nested field replace a plain one or the other way round', () => {
    const fields = parseFields('', 'auth=plain&auth%5Btoken%5D=x&data%5Ba%5D=1&data=2');
    expect(fields.auth).toBe('plain');
    expect(fields.data).toEqual({ a: '1' });
    expect(stringField(fields, 'data')).toBeUndefined();
  });
});
