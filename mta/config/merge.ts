/** Copies every defined key of `layer` onto `into` (null counts as defined: it clears a value). */
export function mergeInto<T extends object>(into: Partial<T>, layer: Partial<T> | undefined): Partial<T> {
  if (layer) {
    for (const key of Object.keys(layer) as (keyof T)[]) {
      if (layer[key] !== undefined) into[key] = layer[key];
    }
  }
  return into;
}

/** A Map that forgets its oldest entry when full: a bounded per-config cache for the hot path. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): V {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
