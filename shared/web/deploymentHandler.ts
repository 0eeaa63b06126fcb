import type { AppHandler, LoadedHandler } from './functionsAdapter';
import { getRuntime, type Runtime } from '../runtime';

/**
 * Builds a function's handler from the deployment's runtime on first use (so a bad setting answers with the
 * configuration error page instead of breaking registration) and reuses it afterwards.
 */
export function deploymentHandler(create: (runtime: Runtime) => AppHandler): () => LoadedHandler {
  let loaded: LoadedHandler | undefined;
  return () => {
    if (!loaded) {
      const runtime = getRuntime();
      const { config } = runtime;
      loaded = { handle: create(runtime), bx24ScriptUrl: config.bx24ScriptUrl, secrets: [config.clientSecret, config.sessionSecret, config.tokenKey.toString('base64')] };
    }
    return loaded;
  };
}
