import type { IncomingMessage, ServerResponse } from 'node:http';

/** The most rows Azure Table Storage returns to one query request (`$top`); it refuses a larger `$top`. */
const maxRowsPerQuery = 1000;

/**
 * Answers, as Azure Table Storage does, a query that asks for more than 1,000 rows (`$top` above the limit)
 * with 400 InvalidInput, and says whether it did. Azurite itself quietly returns 1,000 rows instead.
 */
export function refusesAsAzure(request: IncomingMessage, response: ServerResponse): boolean {
  const top = new URL(request.url ?? '/', 'http://azurite').searchParams.get('$top');
  if (top === null || !(Number(top) > maxRowsPerQuery)) return false;
  const body = JSON.stringify({ 'odata.error': { code: 'InvalidInput', message: { lang: 'en-US', value: 'One of the request inputs is not valid.' } } });
  response.writeHead(400, { 'Content-Type': 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8', 'x-ms-error-code': 'InvalidInput' });
  response.end(body);
  return true;
}
