import { basename, dirname, join } from 'node:path';
import { resolveMainEntries } from '../../mainEntries';
import { runNode } from '../childProcess';
import { packageNameOf, thirdPartyRequires } from '../dependencyScan';
import { verdict, type Row } from '../results';
import { summarize } from '../stats';

const warmupRounds = 2;
const rounds = 15;

interface Variant {
  /** the row's id in the JSON output */
  key: string;
  label: string;
  modules: string[];
}

/** A fresh node that times nothing but the requires, measured from inside (process start-up excluded). */
function importMs(modules: string[], cwd: string): number {
  const script = `const t=process.hrtime.bigint();for(const m of ${JSON.stringify(modules)})require(m);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)+'\\n')`;
  const ms = Number(runNode(['-e', script], cwd));
  if (!Number.isFinite(ms)) throw new Error(`no timing from importing ${modules.join(', ')}`);
  return ms;
}

/**
 * Each function's compiled entry (package.json "main", as the Azure host loads them), the third-party
 * packages it loads on its own, and `@bitrix24/b24jssdk`, each required in a fresh process. Rounds visit the
 * variants in a rotating order, so a warm disk cache or a busy moment favours none of them.
 */
export function measureColdStart(root: string): Row[] {
  const entries = resolveMainEntries(join(root, 'package.json'));
  const variants: Variant[] = [];
  const depsOf = new Map<string, Variant>();
  for (const entry of entries) {
    const name = basename(dirname(entry));
    const deps = thirdPartyRequires(entry);
    const depsKey = `deps.${deps.map(packageNameOf).join('+')}`;
    // Entries with the same third-party set share one baseline.
    let depsVariant = variants.find((variant) => variant.key === depsKey);
    if (!depsVariant) {
      depsVariant = { key: depsKey, label: `import ${deps.map(packageNameOf).join(' + ')}`, modules: deps };
      variants.push(depsVariant);
    }
    const variant = { key: `entry.${name}`, label: `cold start: ${name} entry`, modules: [entry] };
    variants.push(variant);
    depsOf.set(variant.key, depsVariant);
  }
  const sdk = { key: 'sdk', label: 'import @bitrix24/b24jssdk', modules: [require.resolve('@bitrix24/b24jssdk', { paths: [root] })] };
  variants.push(sdk);

  const times = new Map<string, number[]>(variants.map((variant) => [variant.key, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length]!;
      const ms = importMs(variant.modules, root);
      if (round >= warmupRounds) times.get(variant.key)!.push(ms);
    }
  }

  const summaries = new Map([...times].map(([key, values]) => [key, summarize(values)]));
  const sdkMedian = summaries.get(sdk.key)!.median;
  return variants.map((variant): Row => {
    const summary = summaries.get(variant.key)!;
    const base = { id: `coldStart.${variant.key}`, measure: variant.label, unit: 'ms' as const, median: summary.median, p95: summary.p95, samples: summary.n };
    const deps = depsOf.get(variant.key);
    if (!deps) return { ...base, target: '—', verdict: 'INFO' };
    const ratio = summary.median / summaries.get(deps.key)!.median;
    return {
      ...base,
      ratio: { value: ratio, of: 'deps' },
      target: '≤ 1.3× deps',
      verdict: verdict(ratio <= 1.3),
      note: `${(summary.median / sdkMedian).toFixed(2)}× the import of @bitrix24/b24jssdk`,
    };
  });
}
