/** A call that gave no answer within the check's deadline. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** A stream that subscribed but delivered no valid frame in time. */
export class QuietStreamError extends Error {
  override name = 'QuietStreamError';
  constructor(readonly ms: number) {
    super(`subscribed; no valid frame within ${ms} ms`);
  }
}

/** A method that could change the account was reached through the read-only guard. */
export class ReadOnlyViolation extends Error {
  override name = 'ReadOnlyViolation';
  constructor(readonly method: string) {
    super(`dn-check is read-only: ${method} is never called`);
  }
}
