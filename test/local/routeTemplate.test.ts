import { compileRoute } from '../../local/routeTemplate';

describe('route templates', () => {
  it('captures named parameters and decodes them', () => {
    const match = compileRoute('api', 'items/{id}/parts/{part}');

    expect(match('/api/items/a%20b/parts/7')).toEqual({ id: 'a b', part: '7' });
    expect(match('/api/items/1/parts')).toBeUndefined();
    expect(match('/api/items/1/parts/2/3')).toBeUndefined();
  });

  it('treats a trailing optional parameter as absent when the path stops before it', () => {
    const match = compileRoute('api', 'placement/{action?}');

    expect(match('/api/placement')).toEqual({});
    expect(match('/api/placement/save')).toEqual({ action: 'save' });
  });

  it('matches literals case-insensitively', () => {
    expect(compileRoute('api', 'install')('/Api/INSTALL')).toEqual({});
  });

  it('does not match a path segment that is not valid percent-encoding', () => {
    expect(compileRoute('api', '{id}')('/api/%E0%A4%A')).toBeUndefined();
  });

  it('refuses templates it would not serve the way Azure does', () => {
    expect(() => compileRoute('api', 'items/{id:int}')).toThrow(/unsupported segment/);
    expect(() => compileRoute('api', '{a?}/b')).toThrow(/optional parameters must come last/);
  });
});
