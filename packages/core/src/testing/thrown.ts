/**
 * What `work` threw, checked to be an instance of `cls`, so a test can read its code and context. Anything else it
 * throws is rethrown; throwing nothing fails.
 */
export function thrownBy<E>(cls: abstract new (...args: never[]) => E, work: () => unknown): E {
  try {
    work();
  } catch (e) {
    if (e instanceof cls) return e;
    throw e;
  }
  throw new Error(`expected a ${cls.name}, but nothing was thrown`);
}
