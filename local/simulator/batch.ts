import { isObject, param, parseQueryString, truthy, type Params } from './params';
import { executeMethod, normalizeMethodName, type MethodContext } from './rest';
import { RestFailure } from './restErrors';
import { restTime } from './restTime';

// `batch` runs up to 50 `method?query` commands under the batch's own token. PHP serializes empty
// associative arrays as `[]`, so empty maps in the answer are arrays: clients must accept both.

const MAX_COMMANDS = 50;

type AnswerMap = Record<string, unknown>;

function orEmptyArray(map: AnswerMap): AnswerMap | [] {
  return Object.keys(map).length === 0 ? [] : map;
}

function commandsOf(params: Params): [string, string][] {
  const cmd = param(params, 'cmd');
  if (Array.isArray(cmd)) return cmd.map((value, index) => [String(index), String(value)]);
  if (isObject(cmd)) return Object.entries(cmd).map(([key, value]) => [key, String(value)]);
  return [];
}

export function runBatch(context: MethodContext, params: Params): Record<string, unknown> {
  context.sim.restLog.push({ method: 'batch', userId: context.userId, at: Date.now() });
  const commands = commandsOf(params);
  if (commands.length > MAX_COMMANDS) {
    throw new RestFailure('ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
  }
  const halt = truthy(param(params, 'halt'));
  const result: AnswerMap = {};
  const resultError: AnswerMap = {};
  const resultTime: AnswerMap = {};
  for (const [key, command] of commands) {
    const started = Date.now();
    const mark = command.indexOf('?');
    const method = normalizeMethodName(mark === -1 ? command : command.slice(0, mark));
    const commandParams = mark === -1 ? {} : parseQueryString(command.slice(mark + 1));
    delete commandParams['auth'];
    try {
      if (method === 'batch') throw new RestFailure('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage');
      result[key] = executeMethod(context, method, commandParams);
    } catch (error) {
      if (!(error instanceof RestFailure)) throw error;
      resultError[key] = { error: error.code, error_description: error.description };
    }
    resultTime[key] = restTime(started);
    if (halt && key in resultError) break;
  }
  return {
    result: orEmptyArray(result),
    result_error: orEmptyArray(resultError),
    result_total: [],
    result_next: [],
    result_time: orEmptyArray(resultTime),
  };
}
