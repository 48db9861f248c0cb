/** Result of a value parser: the value, or a message and the offset in the input where it went wrong. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; offset?: number };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

export const fail = <T = never>(message: string, offset?: number): Parsed<T> => ({ ok: false, message, offset });
