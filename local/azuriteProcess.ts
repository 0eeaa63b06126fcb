/**
 * Child-process entry that runs Azurite's table service (its own main.js, with this process's arguments) and
 * ends it when the parent goes away. The parent holds our stdin open; when it closes (stop() or the parent
 * dying without cleaning up), Azurite is closed gracefully, with a bounded wait. Without this an Azurite
 * started by a crashed test run or a killed `npm start` would keep its port forever.
 */
import http from 'node:http';
import https from 'node:https';
import { dirname, join } from 'node:path';
import { refusesAsAzure } from './azureQueryLimits';

const forcedExitAfterMs = 3000;
let stopping = false;

function stop(): void {
  if (stopping) return;
  stopping = true;
  process.stdin.destroy();
  setTimeout(() => process.exit(0), forcedExitAfterMs).unref();
  // Azurite's own SIGINT listener closes its server (and saves its database when it persists to disk).
  process.emit('SIGINT');
}

process.stdin.on('end', stop).on('error', stop).on('close', stop).resume();
process.on('SIGINT', stop).on('SIGTERM', stop);

// Azure Table Storage answers 400 to a query that asks for more than 1,000 rows at once; Azurite quietly
// returns 1,000. Refused here as Azure does, so a store that asks for more fails locally and in the tests too.
for (const server of [http.Server.prototype, https.Server.prototype]) {
  const emit = server.emit;
  server.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request' && refusesAsAzure(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) return true;
    return emit.apply(this, [event, ...args] as never);
  } as typeof server.emit;
}

require(join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'table', 'main.js'));
