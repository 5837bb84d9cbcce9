/** Why an answer could not be read: `tooLarge` is the size limit, anything else a network failure (coded for the transport). */
export class ResponseError extends Error {
  readonly code: string;
  readonly tooLarge: boolean;
  constructor(message: string, code: string, tooLarge = false) {
    super(message);
    this.name = 'ResponseError';
    this.code = code;
    this.tooLarge = tooLarge;
  }
}

/** The decoded body went past `limit` bytes. */
export function bodyTooLarge(limit: number): ResponseError {
  return new ResponseError(`Response body exceeds ${limit} bytes`, 'ERR_RESPONSE_TOO_LARGE', true);
}
