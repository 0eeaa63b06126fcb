/**
 * Outside the Azure Functions runtime `@azure/functions` warns that it is in "test mode" and skips every
 * `app.http` call, and it reports `app.setup({ enableHttpStream: true })` as a debug line. Under the local
 * host that is expected (it serves what shared/web/httpFunctions.ts recorded, and streams bodies itself), so the
 * host drops exactly those lines, which would otherwise read like a failure to a newcomer. Imported by
 * functionsHost.ts before anything loads `@azure/functions`.
 */
const testModeWarning = /^WARNING: (Failed to detect the Azure Functions runtime|Skipping call to register function ").*"@azure\/functions" package/;

const warn = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && testModeWarning.test(args[0])) return;
  warn(...args);
};

const debug = console.debug.bind(console);
console.debug = (...args: unknown[]): void => {
  if (args.length === 1 && args[0] === 'HTTP streaming enabled.') return;
  debug(...args);
};
