import { randomBytes } from 'node:crypto';

/**
 * A `multipart/form-data` body of text fields: what CCXT and nautilus_trader POST to `sendTx` / `sendTxBatch`.
 * The boundary is random per body, and a value that happens to contain it is refused rather than sent corrupted.
 */
export function multipartForm(fields: Readonly<Record<string, string>>): { body: string; contentType: string } {
  const boundary = `dn-lighter-${randomBytes(12).toString('hex')}`;
  let body = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value.includes(boundary) || /["\r\n]/.test(name)) throw new Error(`unencodable form field ${name}`);
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Reads the text fields of a `multipart/form-data` body (the inverse of `multipartForm`; the simulator and the tests
 * use it). Returns undefined when `contentType` is not multipart or has no boundary.
 */
export function parseMultipartForm(body: string, contentType: string | undefined): Record<string, string> | undefined {
  const m = /^multipart\/form-data;.*\bboundary="?([^";]+)"?/i.exec(contentType ?? '');
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const part of body.split(`--${m[1]}`)) {
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, sep))?.[1];
    if (name === undefined) continue;
    out[name] = part.slice(sep + 4).replace(/\r\n$/, '');
  }
  return out;
}
