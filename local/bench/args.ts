/** `--json` prints JSON to stdout instead of the table; `--json=path` writes it there and still prints the table. */
export interface BenchArgs {
  json: { to: 'stdout' } | { to: 'file'; path: string } | null;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  let json: BenchArgs['json'] = null;
  for (const arg of argv) {
    if (arg === '--json') json = { to: 'stdout' };
    else if (arg.startsWith('--json=') && arg.length > '--json='.length) json = { to: 'file', path: arg.slice('--json='.length) };
    else throw new Error(`unknown argument ${arg} (usage: npm run bench [-- --json[=path]])`);
  }
  return { json };
}
