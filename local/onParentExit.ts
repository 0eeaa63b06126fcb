/**
 * Calls `gone` once when the process that started this one has ended (this process was handed to another
 * parent). `npm start` needs it: npm passes a SIGTERM on to the shell that runs the script, and the shell
 * ends without passing it on, which would leave this process and everything it started running.
 */
export function onParentExit(gone: () => void, intervalMs = 250): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, intervalMs);
  timer.unref();
}
