/**
 * The subset of ASP.NET Core route templates Azure Functions routes use: literal segments (matched
 * case-insensitively), `{name}` and trailing optional `{name?}` parameters. Constraints (`{id:int}`) and
 * catch-alls (`{*rest}`) are not supported and are refused, so a route that Azure would treat differently
 * fails loudly here instead of silently matching something else.
 */
export type RouteMatcher = (pathname: string) => Record<string, string> | undefined;

type Segment = { kind: 'literal'; text: string } | { kind: 'param'; name: string; optional: boolean };

export function compileRoute(prefix: string, route: string): RouteMatcher {
  const template = [...splitPath(prefix), ...splitPath(route)];
  const segments = template.map(parseSegment(route));
  const firstOptional = segments.findIndex((segment) => segment.kind === 'param' && segment.optional);
  if (firstOptional >= 0 && segments.slice(firstOptional).some((segment) => segment.kind !== 'param' || !segment.optional)) {
    throw new Error(`Route "${route}": optional parameters must come last`);
  }
  const required = firstOptional >= 0 ? firstOptional : segments.length;

  return (pathname) => {
    const parts = splitPath(pathname);
    if (parts.length < required || parts.length > segments.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, part] of parts.entries()) {
      const value = decodeSegment(part);
      if (value === undefined) return undefined;
      const segment = segments[index];
      if (segment.kind === 'literal') {
        if (value.toLowerCase() !== segment.text.toLowerCase()) return undefined;
      } else {
        params[segment.name] = value;
      }
    }
    return params;
  };
}

/** `/api//install/` → ['api', 'install']; empty segments carry no meaning in routing. */
function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function parseSegment(route: string): (text: string) => Segment {
  return (text) => {
    const param = /^\{([A-Za-z_][A-Za-z0-9_]*)(\?)?\}$/.exec(text);
    if (param) return { kind: 'param', name: param[1], optional: param[2] === '?' };
    if (/[{}]/.test(text)) throw new Error(`Route "${route}": unsupported segment "${text}" (only {name} and {name?})`);
    return { kind: 'literal', text };
  };
}

function decodeSegment(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
