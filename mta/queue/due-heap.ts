/**
 * A binary min-heap of items ordered by due time. The scheduler keeps every waiting queue entry here,
 * so finding what is due costs O(log n) per entry and nothing is rescanned on a tick, whatever the
 * size of the queue (1,000,000 entries is the design point).
 */

export interface Due {
  dueAt: number;
}

export class DueHeap<T extends Due> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent].dueAt <= item.dueAt) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && items[right].dueAt < items[left].dueAt ? right : left;
      if (items[child].dueAt >= last.dueAt) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }

  /** Removes and returns every item due at or before `now`, earliest first. */
  popDue(now: number): T[] {
    const due: T[] = [];
    while (this.items.length > 0 && this.items[0].dueAt <= now) due.push(this.pop()!);
    return due;
  }
}
