// Each LanceDB query has a fixed cost that dwarfs the work of one vector, while one query can carry
// many vectors. Concurrent searches that share a key (same table, limit, filter and columns) are
// therefore sent together: a search dispatches on the next turn of the event loop when a slot is
// free, so a lone caller does not wait; callers that arrive while the slots are busy queue and leave
// together as soon as one frees. Every caller gets its own rows, and its own error.

export interface SearchBatcherOptions<Plan, Query, Result> {
  /** Most queries in one call. */
  maxBatch: number;
  /** Calls under way at once for one key. */
  maxInFlight: number;
  /** Runs one call for every query of a batch; the answer lists each query's result in order. */
  run: (plan: Plan, queries: Query[]) => Promise<Result[]>;
}

interface Waiting<Query, Result> {
  query: Query;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

interface Group<Plan, Query, Result> {
  plan: Plan;
  waiting: Array<Waiting<Query, Result>>;
  inFlight: number;
  scheduled: boolean;
}

export class SearchBatcher<Plan, Query, Result> {
  private readonly groups = new Map<string, Group<Plan, Query, Result>>();

  constructor(private readonly options: SearchBatcherOptions<Plan, Query, Result>) {
    if (options.maxBatch < 1 || options.maxInFlight < 1) throw new RangeError('maxBatch and maxInFlight must be at least 1');
  }

  /** Queries with the same key must be answerable by one call with `plan`. */
  search(key: string, plan: Plan, query: Query): Promise<Result> {
    let group = this.groups.get(key);
    if (!group) {
      group = { plan, waiting: [], inFlight: 0, scheduled: false };
      this.groups.set(key, group);
    }
    const promise = new Promise<Result>((resolve, reject) => group.waiting.push({ query, resolve, reject }));
    this.schedule(key, group);
    return promise;
  }

  /** Searches queued or under way, for every key. */
  get pending(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.waiting.length + group.inFlight;
    return count;
  }

  private schedule(key: string, group: Group<Plan, Query, Result>): void {
    if (group.scheduled || group.inFlight >= this.options.maxInFlight) return;
    group.scheduled = true;
    // Callers in the same turn of the event loop (Promise.all over several searches) join one call.
    setImmediate(() => {
      group.scheduled = false;
      this.dispatch(key, group);
    });
  }

  private dispatch(key: string, group: Group<Plan, Query, Result>): void {
    while (group.waiting.length > 0 && group.inFlight < this.options.maxInFlight) {
      const free = this.options.maxInFlight - group.inFlight;
      const size = Math.min(this.options.maxBatch, Math.ceil(group.waiting.length / free));
      const batch = group.waiting.splice(0, size);
      group.inFlight += 1;
      void this.runBatch(group.plan, batch).then((settle) => {
        group.inFlight -= 1;
        settle();
        if (group.waiting.length > 0) this.dispatch(key, group);
        else if (group.inFlight === 0 && this.groups.get(key) === group) this.groups.delete(key);
      });
    }
  }

  /** Runs a batch; the answer settles every caller's promise, once the call slot is free again. */
  private async runBatch(plan: Plan, batch: Array<Waiting<Query, Result>>): Promise<() => void> {
    try {
      const results = await this.options.run(plan, batch.map((item) => item.query));
      if (results.length !== batch.length) throw new Error(`a batched search answered ${results.length} of ${batch.length} queries`);
      return () => batch.forEach((item, index) => item.resolve(results[index]!));
    } catch (error) {
      if (batch.length === 1) return () => batch[0]!.reject(error);
      // One query that fails spoils the whole call: ask again one by one, so each caller gets its
      // own answer and only the query at fault sees the error.
      const settlers = await Promise.all(batch.map((item) => this.runBatch(plan, [item])));
      return () => settlers.forEach((settle) => settle());
    }
  }
}
