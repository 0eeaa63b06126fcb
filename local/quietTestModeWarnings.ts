/**
 * Outside the Azure Functions runtime `@azure/functions` warns that it is in "test mode" and skips every
 * `app.http` call. Under the local host that is expected (it serves what shared/httpFunctions.ts recorded),
 * the host drops exactly those warnings, which would otherwise read like a failure to a newcomer. Imported by
 * functionsHost.ts before anything loads `@azure/functions`.
 */
const testModeWarning = /^WARNING: (Failed to detect the Azure Functions runtime|Skipping call to register function ").*"@azure\/functions" package/;

const warn = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && testModeWarning.test(args[0])) return;
  warn(...args);
};
