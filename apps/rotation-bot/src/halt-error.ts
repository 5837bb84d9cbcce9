/** The bot stopped for a human: the halt sentinel is written (or was already there). */
export class HaltError extends Error {
  override name = 'HaltError';
}
