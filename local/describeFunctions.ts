import type { ServedFunction } from './functionsHost';

/** The function list the way `func start` prints it: `name: [POST] http://127.0.0.1:7071/api/route`. */
export function describeFunctions(functions: ServedFunction[]): string[] {
  return functions.map((fn) => `  ${fn.name}: [${fn.methods.join(',')}] ${fn.url}`);
}
