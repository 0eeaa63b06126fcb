// A stand-in for the Azure Functions Node.js worker, run as its own process: like the worker it provides the
// built-in module `@azure/functions-core` (the host's API, with `log`, which hosts from 4.28 have), loads the
// entry files package.json `main` names, then asks the programming model for its capabilities, which is
// where @azure/functions starts the host's HTTP streams. Prints what it saw as one line of JSON and exits.
//   node functionsWorkerStandIn.js <package.json>
import http from 'node:http';
import Module from 'node:module';
import { resolveMainEntries } from '../../local/mainEntries';

interface ProgrammingModel {
  name: string;
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

// The library's stream proxy listens without naming a host: keep it on loopback here.
const listen = http.Server.prototype.listen as (...args: unknown[]) => http.Server;
http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
  const callback = args.find((arg) => typeof arg === 'function');
  const port = typeof args[0] === 'number' ? args[0] : 0;
  return listen.call(this, port, '127.0.0.1', callback);
} as typeof http.Server.prototype.listen;

let model: ProgrammingModel | undefined;
const functions: { name: string; bindings: unknown }[] = [];
const coreApi = {
  version: '3.10.1',
  hostVersion: '4.1000.0',
  setProgrammingModel: (programmingModel: ProgrammingModel) => void (model = programmingModel),
  getProgrammingModel: () => model,
  registerFunction: (metadata: { name: string; bindings: unknown }) => {
    functions.push({ name: metadata.name, bindings: metadata.bindings });
    return { dispose: () => undefined };
  },
  registerHook: () => ({ dispose: () => undefined }),
  log: () => undefined,
  Disposable: class {
    dispose(): void {}
  },
};

const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
  return request === '@azure/functions-core' ? coreApi : load.call(this, request, ...rest);
};

async function main(packageJson: string): Promise<void> {
  for (const entry of resolveMainEntries(packageJson)) require(entry);
  const capabilities = model ? await model.getCapabilities({}) : null;
  process.stdout.write(`${JSON.stringify({ programmingModel: model?.name ?? null, functions, capabilities })}\n`);
}

main(process.argv[2] ?? '').then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
