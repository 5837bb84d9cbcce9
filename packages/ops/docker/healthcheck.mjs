// The image's HEALTHCHECK: GET /healthz on the app's --http-port (DN_HTTP_PORT). Exit 0 healthy, 1 otherwise.
const port = process.env.DN_HTTP_PORT ?? '8080';
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4_000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
