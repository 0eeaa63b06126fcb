import { AppError } from '../errors';

/** How many expensive loads an instance runs at once, and how many may wait for a turn. */
export interface LoadLimits {
  /** loads running at once on the instance */
  running: number;
  /** loads waiting for a turn on the instance; one more is refused at once */
  waiting: number;
  /** loads of one portal, running and waiting: a portal runs one at a time and cannot fill the queue */
  perPortal: number;
}

/**
 * A bound on the loads that read a whole chat (a chat's first search on an instance): each holds a chat's
 * text in memory and takes storage round trips, so an instance runs a few at a time, queues a few more, and
 * answers the rest at once with "busy, try again" (AppError `search_busy`, a 503) rather than letting them
 * pile up. One portal runs one load at a time and holds at most `perPortal` places, so a free portal that
 * searches many large chats cannot starve the others: a freed turn goes to the first waiting load whose
 * portal has none running.
 */
export class LoadGate {
  private running = 0;
  /** the portals with a load running: one each at most */
  private readonly runningPortals = new Set<string>();
  private readonly heldByPortal = new Map<string, number>();
  private readonly queue: { portal: string; start: () => void }[] = [];

  constructor(readonly limits: LoadLimits) {}

  /** loads running now, and waiting now (tests check the bounds) */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }

  async run<T>(portal: string, task: () => Promise<T>): Promise<T> {
    const held = this.heldByPortal.get(portal) ?? 0;
    const startsNow = this.canStart(portal);
    if (held >= this.limits.perPortal || (!startsNow && this.queue.length >= this.limits.waiting)) {
      throw new AppError('search_busy', 'search: too many chats are being loaded on this instance');
    }
    this.heldByPortal.set(portal, held + 1);
    try {
      if (startsNow) this.begin(portal);
      else await new Promise<void>((start) => this.queue.push({ portal, start }));
      try {
        return await task();
      } finally {
        this.end(portal);
      }
    } finally {
      const left = (this.heldByPortal.get(portal) ?? 1) - 1;
      if (left > 0) this.heldByPortal.set(portal, left);
      else this.heldByPortal.delete(portal);
    }
  }

  private canStart(portal: string): boolean {
    return this.running < this.limits.running && !this.runningPortals.has(portal);
  }

  private begin(portal: string): void {
    this.running++;
    this.runningPortals.add(portal);
  }

  private end(portal: string): void {
    this.running--;
    this.runningPortals.delete(portal);
    const next = this.queue.findIndex((waiting) => this.canStart(waiting.portal));
    if (next < 0) return;
    const [chosen] = this.queue.splice(next, 1);
    this.begin(chosen!.portal);
    chosen!.start();
  }
}
