import type { TableClient } from '@azure/data-tables';

type PipelinePolicy = Parameters<TableClient['pipeline']['addPolicy']>[0];

/**
 * Storage that comes back empty (a restarted Azurite, a table deleted by hand) answers 404 TableNotFound to
 * every operation on a table this process created long ago. This pipeline policy recreates the table when
 * storage says so, once at a time per table, and sends the request again, so the app carries on instead of
 * failing until it restarts. Requests to the Tables collection itself are left alone.
 */
export function recreateMissingTable(createTable: () => Promise<unknown>): PipelinePolicy {
  let creating: Promise<unknown> | undefined;
  return {
    name: 'recreateMissingTable',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status !== 404 || /\/Tables(\(|$)/.test(new URL(request.url).pathname)) return response;
      const code = response.headers.get('x-ms-error-code') ?? '';
      if (code !== 'TableNotFound' && !(response.bodyAsText ?? '').includes('"TableNotFound"')) return response;
      creating ??= createTable().finally(() => {
        creating = undefined;
      });
      await creating;
      return next(request);
    },
  };
}
