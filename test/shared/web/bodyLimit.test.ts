import { HttpRequest, InvocationContext, type HttpRequestInit } from '@azure/functions';
import { placementHttpHandler } from '../../../placementHandler/placementHandler';

/** A body of `chunks` chunks of 64 KB, produced only as the reader asks for them; counts how many were. */
function streamedBody(chunks: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  return { body, pulled: () => pulled };
}

describe('request body limits', () => {
  it('stop reading a body without a length at the limit: a 50 MB upload is refused after its first 64 KB chunks', async () => {
    let handled = false;
    const handler = placementHttpHandler(() => ({
      handle: async () => {
        handled = true;
        throw new Error('a refused body never reaches the handler');
      },
      bx24ScriptUrl: 'http://127.0.0.1:9/bx24.js',
      secrets: [],
    }));
    for (const [route, params, limit] of [['placement', {}, 64 * 1024], ['placement/create', { action: 'create' }, 256 * 1024]] as const) {
      const { body, pulled } = streamedBody(800);
      const url = `http://127.0.0.1:7071/api/${route}`;
      const nativeRequest = new Request(url, { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/x-www-form-urlencoded' } } as RequestInit & { duplex: 'half' });
      const request = new HttpRequest({ nativeRequest, params } as unknown as HttpRequestInit);
      const response = await handler(request, new InvocationContext({ functionName: 'placementHandler' }));
      expect((response as { status?: number }).status).toBe(413);
      expect(pulled()).toBeLessThanOrEqual(limit / (64 * 1024) + 2);
    }
    expect(handled).toBe(false);
  });
});
