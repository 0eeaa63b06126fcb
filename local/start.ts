/**
 * `npm start`: everything a newcomer needs with only Node installed (see localStack.ts). local.settings.json is
 * deliberately not read: its values point at a real portal, not at the simulator.
 */
import { describeFunctions } from './describeFunctions';
import { startLocalStack, type LocalStack } from './localStack';
import { onParentExit } from './onParentExit';
import { onShutdownSignal } from './onShutdownSignal';
import { warnOnOldNode } from './warnOnOldNode';

warnOnOldNode();

let stack: LocalStack | undefined;
let stopping = false;
onShutdownSignal(async () => {
  stopping = true;
  await stack?.stop();
});
// Stopped through npm (SIGTERM to npm reaches only npm's shell): the shell's end is the signal.
onParentExit(() => process.emit('SIGTERM', 'SIGTERM'));

startLocalStack(process.env)
  .then((started) => {
    stack = started;
    if (stopping) return started.stop();
    const { sim, host, config } = started;
    const portalUrl = sim.portalUrl.replace(/\/?$/, '/');
    console.log(
      [
        '',
        `  Open ${portalUrl} and click Install.`,
        '',
        `  Portal simulator: ${portalUrl}`,
        `  Functions host:   ${host.url}${config.publicBaseUrl === host.url ? '' : ` (public URL ${config.publicBaseUrl})`}`,
        ...describeFunctions(host.functions).map((line) => `  ${line}`),
        `  Storage:          ${started.ownAzurite ? 'Azurite, in memory (emptied when you stop)' : 'the account in AzureWebJobsStorage'}`,
        '',
        '  Ctrl-C (or SIGTERM) stops everything.',
        '',
      ].join('\n'),
    );
    return undefined;
  })
  .catch((error: unknown) => {
    console.error((error as Error)?.message ?? String(error));
    process.exit(1);
  });
