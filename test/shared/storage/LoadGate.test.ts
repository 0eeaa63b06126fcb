import { AppError } from '../../../shared/errors';
import { LoadGate } from '../../../shared/storage/LoadGate';

/** A load the test finishes when it wants; it tells when it started. */
function load() {
  let finish!: () => void;
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: async () => { started = true; await done; }, finish, started: () => started };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the gate on whole-chat loads', () => {
  it('runs at most `running` loads at once, queues `waiting` more, and refuses the rest at once as busy', async () => {
    const gate = new LoadGate({ running: 2, waiting: 2, perPortal: 10 });
    const loads = Array.from({ length: 6 }, load);
    const runs = loads.map((each, i) => gate.run(`portal${i}`, each.task).then(() => 'done', (error: unknown) => error));
    await settle();
    expect(loads.map((each) => each.started())).toEqual([true, true, false, false, false, false]);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    for (const refused of await Promise.all(runs.slice(4))) expect(refused).toMatchObject({ code: 'search_busy', status: 503 });
    expect((await runs[5]) instanceof AppError).toBe(true);

    loads[0]!.finish();
    await settle();
    expect(loads.map((each) => each.started())).toEqual([true, true, true, false, false, false]);
    for (const each of loads) each.finish();
    expect(await Promise.all(runs.slice(0, 4))).toEqual(['done', 'done', 'done', 'done']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('lets one portal run one load at a time and hold only its share, so another portal still gets a turn', async () => {
    const gate = new LoadGate({ running: 2, waiting: 8, perPortal: 3 });
    const busy = Array.from({ length: 5 }, load);
    const busyRuns = busy.map((each) => gate.run('free-portal', each.task).then(() => 'done', (error: unknown) => (error as AppError).code));
    const other = load();
    const otherRun = gate.run('other-portal', other.task);
    await settle();
    // One of the free portal's loads runs, two wait, two are refused; the other portal's load runs beside it.
    expect(busy.map((each) => each.started())).toEqual([true, false, false, false, false]);
    expect(await Promise.all(busyRuns.slice(3))).toEqual(['search_busy', 'search_busy']);
    expect(other.started()).toBe(true);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });

    busy[0]!.finish();
    await settle();
    expect(busy.map((each) => each.started())).toEqual([true, true, false, false, false]);
    for (const each of [...busy, other]) each.finish();
    await otherRun;
    expect(await Promise.all(busyRuns.slice(0, 3))).toEqual(['done', 'done', 'done']);
  });

  it('gives the turn back when a load fails', async () => {
    const gate = new LoadGate({ running: 1, waiting: 1, perPortal: 2 });
    await expect(gate.run('p', async () => { throw new Error('storage down'); })).rejects.toThrow('storage down');
    expect(await gate.run('p', async () => 'next')).toBe('next');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
