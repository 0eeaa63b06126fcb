/**
 * Runs `shutdown` once on the first SIGINT or SIGTERM, then exits 0 (1 if shutting down failed). A second
 * signal while shutting down exits at once, so a stuck cleanup never traps the terminal.
 */
export function onShutdownSignal(shutdown: () => Promise<void>, log: (line: string) => void = (line) => console.log(line)): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      log(`${signal} again: exiting without finishing cleanup`);
      process.exit(1);
    }
    shuttingDown = true;
    log('Stopping...');
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Stopping failed: ${(error as Error)?.message ?? String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle).on('SIGTERM', handle);
}
