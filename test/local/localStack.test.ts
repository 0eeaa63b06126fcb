import { createServer, type Server } from 'node:net';
import { startLocalStack } from '../../local/localStack';
import { testStorageConnectionString } from '../support/testStorage';

function hold(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined)); // already taken by someone else: just as good for this test
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

describe('the local stack (npm start, browser tests)', () => {
  it('serves on a free port, named in its public URL, when the default port 7071 is taken', async () => {
    const holder = await hold(7071);
    const env: NodeJS.ProcessEnv = { AzureWebJobsStorage: testStorageConnectionString() };
    const stack = await startLocalStack(env, { log: () => undefined });
    try {
      expect(stack.host.port).not.toBe(7071);
      expect(stack.config.port).toBe(stack.host.port);
      expect(stack.config.publicBaseUrl).toBe(`http://127.0.0.1:${stack.host.port}`);
    } finally {
      await stack.stop();
      await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
    }
  });
});
