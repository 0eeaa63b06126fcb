import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Tables } from '../../shared/storage/tableStorage';

/** One range read as storage saw it: its filter, the columns it selected, and whether it is still running. */
export interface RangeRead {
  filter: string;
  select?: string[];
  done: boolean;
}

/** What a store asked of storage, recorded at the table client: reads, point reads and transactions. */
export interface StorageLog {
  reads: RangeRead[];
  /** row keys read one by one */
  pointReads: string[];
  /** each transaction's actions, whether storage took it, and how many range reads were running when it was sent */
  transactions: { actions: TransactionAction[]; ok?: boolean; readsRunning: number }[];
  /** the most range reads matching `filter` that were running at one time */
  mostAtOnce(match: (read: RangeRead) => boolean): number;
  clear(): void;
}

/**
 * Tables whose clients record every range read, point read and transaction on the way to the real storage
 * (Azurite in the tests): a test counts what a store did, at the boundary where storage would count it.
 * A range read runs from its first page until its last one.
 */
export function countingTables(tables: Tables): { tables: Tables; log: StorageLog } {
  const running: RangeRead[] = [];
  const history: RangeRead[][] = [];
  const log: StorageLog = {
    reads: [],
    pointReads: [],
    transactions: [],
    mostAtOnce: (match) => Math.max(0, ...history.map((set) => set.filter(match).length)),
    clear() {
      log.reads.length = 0;
      log.pointReads.length = 0;
      log.transactions.length = 0;
      history.length = 0;
    },
  };
  // `history` holds every change of the running set, so that a peak can be asked for after the fact. A read
  // that stops early (a first page) never ends here: match only reads that run to their end.
  const started = (read: RangeRead) => {
    running.push(read);
    history.push([...running]);
  };
  const ended = (read: RangeRead) => {
    if (read.done) return;
    read.done = true;
    running.splice(running.indexOf(read), 1);
    history.push([...running]);
  };

  const wrap = (client: TableClient): TableClient =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'getEntity') {
          return (partitionKey: string, rowKey: string, options?: unknown) => {
            log.pointReads.push(rowKey);
            return target.getEntity(partitionKey, rowKey, options as never);
          };
        }
        if (property === 'submitTransaction') {
          return async (actions: TransactionAction[], options?: unknown) => {
            const entry: { actions: TransactionAction[]; ok?: boolean; readsRunning: number } = { actions, readsRunning: running.length };
            log.transactions.push(entry);
            try {
              const response = await target.submitTransaction(actions, options as never);
              entry.ok = true;
              return response;
            } catch (error) {
              entry.ok = false;
              throw error;
            }
          };
        }
        if (property === 'listEntities') {
          return (options?: { queryOptions?: { filter?: string; select?: string[] } }) => {
            const iterator = target.listEntities(options as never);
            const read: RangeRead = { filter: options?.queryOptions?.filter ?? '', select: options?.queryOptions?.select, done: false };
            log.reads.push(read);
            const byPage = iterator.byPage.bind(iterator);
            iterator.byPage = (settings) => {
              const pages = byPage(settings);
              let first = true;
              const next = pages.next.bind(pages);
              pages.next = async () => {
                if (first) started(read);
                first = false;
                try {
                  const page = await next();
                  if (page.done) ended(read);
                  return page;
                } catch (error) {
                  ended(read);
                  throw error;
                }
              };
              const stop = pages.return?.bind(pages);
              pages.return = async (value?: unknown) => {
                ended(read);
                return stop ? stop(value as never) : { done: true, value: undefined as never };
              };
              return pages;
            };
            return iterator;
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  const clients = new Map<string, Promise<TableClient>>();
  return {
    log,
    tables: {
      table(name) {
        let client = clients.get(name);
        if (!client) {
          client = tables.table(name).then(wrap);
          clients.set(name, client);
        }
        return client;
      },
    },
  };
}
