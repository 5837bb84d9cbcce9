import type { TelegramTargetConfig, WebhookTargetConfig } from './config.js';
import type { AlertEvent } from './event.js';
import { formatAlertText, toWebhookPayload } from './format.js';
import { AlertDeliveryError, type PostJsonResult, postJson, safeOrigin } from './http-post.js';

/** One place alerts go. `deliver` resolves when the receiver accepted the event and rejects with `AlertDeliveryError`. */
export interface AlertTarget {
  readonly name: string;
  /** Secret-free description for logs (origin only). */
  readonly endpoint: string;
  deliver(event: AlertEvent, options: { signal: AbortSignal; timeoutMs: number }): Promise<void>;
}

/** Generic JSON webhook: POST of `AlertWebhookPayload`, any 2xx accepts. */
export function createWebhookTarget(config: WebhookTargetConfig): AlertTarget {
  const name = 'webhook';
  // The URL path and the header values are credentials for many receivers.
  const secrets = [config.url, urlPathAndQuery(config.url), ...Object.values(config.headers)];
  return {
    name,
    endpoint: safeOrigin(config.url),
    async deliver(event, { signal, timeoutMs }) {
      const res = await postJson({
        target: name,
        url: config.url,
        body: toWebhookPayload(event),
        headers: config.headers,
        timeoutMs,
        signal,
        secrets,
      });
      checkStatus(name, config.url, res, res.text.slice(0, 200));
    },
  };
}

/** Telegram Bot API `sendMessage` to one chat. The token is part of the URL, so it is scrubbed from every error. */
export function createTelegramTarget(config: TelegramTargetConfig): AlertTarget {
  const name = 'telegram';
  const base = config.apiBaseUrl.replace(/\/+$/, '');
  const url = `${base}/bot${config.botToken}/sendMessage`;
  return {
    name,
    endpoint: safeOrigin(base),
    async deliver(event, { signal, timeoutMs }) {
      const res = await postJson({
        target: name,
        url,
        body: { chat_id: config.chatId, text: formatAlertText(event), disable_web_page_preview: true },
        timeoutMs,
        signal,
        secrets: [config.botToken],
      });
      const answer = parseTelegramAnswer(res.text);
      const retryAfterMs = answer.retryAfterSeconds === undefined ? res.retryAfterMs : answer.retryAfterSeconds * 1000;
      checkStatus(name, base, { ...res, retryAfterMs }, answer.description ?? res.text.slice(0, 200));
      // Telegram answers 200 with ok:false in a few cases; that message was not posted.
      if (answer.ok === false) {
        throw new AlertDeliveryError(
          name,
          `Alert to telegram refused: ${answer.description ?? 'ok=false'}`,
          { url: safeOrigin(base), httpStatus: res.status },
          { retryable: false },
        );
      }
    },
  };
}

/** `/T000/B000/XXXX?key=…`: a receiver that echoes its path in an error must not get it into our logs. */
function urlPathAndQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function checkStatus(target: string, url: string, res: PostJsonResult, description: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  throw new AlertDeliveryError(
    target,
    `Alert to ${target} failed: HTTP ${res.status}${description ? ` ${description.split('\n')[0]}` : ''}`,
    { url: safeOrigin(url), httpStatus: res.status },
    { retryable, retryAfterMs: res.retryAfterMs },
  );
}

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  retryAfterSeconds?: number;
}

function parseTelegramAnswer(text: string): TelegramAnswer {
  try {
    const v = JSON.parse(text) as { ok?: unknown; description?: unknown; parameters?: { retry_after?: unknown } };
    return {
      ok: typeof v.ok === 'boolean' ? v.ok : undefined,
      description: typeof v.description === 'string' ? v.description.slice(0, 200) : undefined,
      retryAfterSeconds: typeof v.parameters?.retry_after === 'number' ? v.parameters.retry_after : undefined,
    };
  } catch {
    return {};
  }
}
