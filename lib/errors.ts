/**
 * Expected errors: their message is safe to show to the user (a wrong input, a rule that forbids the
 * change). Anything else is unexpected: logged in full and shown as a generic message.
 */

export class ExpectedError extends Error {
  override name = "ExpectedError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends ExpectedError {
  constructor(what: string) {
    super("NOT_FOUND", `${what} not found.`);
  }
}

export class ConflictError extends ExpectedError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

export function isExpectedError(err: unknown): err is ExpectedError {
  return err instanceof ExpectedError;
}
