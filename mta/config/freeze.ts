/** Freezes an object graph in place (plain objects and arrays), so a running config cannot be mutated. */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value !== null && typeof value === "object" && !seen.has(value)) {
    seen.add(value);
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child, seen);
  }
  return value;
}
