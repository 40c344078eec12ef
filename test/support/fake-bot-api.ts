/**
 * A fake Telegram Bot API for grammY's client options (`{ apiRoot, fetch }`): it records every
 * call and answers like Telegram does. A test can script an answer per call (an error, a 429 with
 * `retry_after`, a 403, or a hang that never answers, as when a process dies mid-request).
 *
 *   const tg = fakeBotApi();
 *   const api = new Api(TOKEN, tg.clientOptions);
 *   tg.respond((call) => (call.payload.chat_id === 42 ? tg.blocked() : undefined));
 */

export const FAKE_TOKEN = '123456:TEST-token-for-the-fake-bot-api-000';

export interface FakeCall {
  method: string;
  payload: Record<string, unknown>;
  /** Order of arrival, from 1. */
  seq: number;
  /** Wall-clock arrival time (ms), for asserting waits such as retry_after. */
  at: number;
}

export interface FakeMessage {
  chatId: number;
  text: string;
  messageId: number;
  at: number;
}

export type FakeAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } }
  | 'hang'
  /** Telegram gets the message (it is delivered) but the answer never comes back. */
  | 'deliver-and-hang'
  | 'network-error';

/** Return an answer to override the default (success), or undefined to let the call succeed. */
export type Responder = (call: FakeCall) => FakeAnswer | undefined;

export function fakeBotApi(opts: { apiRoot?: string } = {}) {
  const apiRoot = opts.apiRoot ?? 'http://fake-bot-api.test';
  const calls: FakeCall[] = [];
  const messages: FakeMessage[] = [];
  let responder: Responder = () => undefined;
  let nextMessageId = 1;
  const hanging = new Set<() => void>();

  const fetchImpl = async (input: unknown, init?: { body?: unknown; signal?: AbortSignal }) => {
    const url = String(input);
    const method = url.slice(url.lastIndexOf('/') + 1);
    const payload = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const call: FakeCall = { method, payload, seq: calls.length + 1, at: Date.now() };
    calls.push(call);
    const answer = responder(call) ?? success(call);
    if (answer === 'deliver-and-hang') success(call);
    if (answer === 'hang' || answer === 'deliver-and-hang') {
      // Never answers and ignores aborts: the process that sent it is considered dead.
      await new Promise<void>((resolve) => hanging.add(resolve));
      throw new Error('fake Bot API: released hanging request');
    }
    if (answer === 'network-error') throw new TypeError('fetch failed (fake network error)');
    return new Response(JSON.stringify(answer), {
      status: answer.ok ? 200 : answer.error_code,
      headers: { 'content-type': 'application/json' },
    });
  };

  function success(call: FakeCall): FakeAnswer {
    if (call.method === 'sendMessage') {
      const m: FakeMessage = {
        chatId: Number(call.payload.chat_id),
        text: String(call.payload.text),
        messageId: nextMessageId++,
        at: call.at,
      };
      messages.push(m);
      return {
        ok: true,
        result: {
          message_id: m.messageId,
          date: Math.floor(call.at / 1000),
          chat: { id: m.chatId, type: 'private' },
          text: m.text,
        },
      };
    }
    if (call.method === 'getMe') {
      return {
        ok: true,
        result: { id: 123456, is_bot: true, first_name: 'Dân Vận Bot', username: 'danvan_test_bot' },
      };
    }
    return { ok: true, result: true };
  }

  return {
    apiRoot,
    fetch: fetchImpl as unknown as typeof fetch,
    /** Ready to spread into grammY client options. */
    clientOptions: { apiRoot, fetch: fetchImpl as unknown as typeof fetch },
    calls,
    messages,
    respond(r: Responder) {
      responder = r;
    },
    /** Messages delivered to one chat. */
    to(chatId: number) {
      return messages.filter((m) => m.chatId === chatId);
    },
    /** Lets requests that were told to hang finish (with a network error), e.g. at test end. */
    releaseHanging() {
      for (const r of hanging) r();
      hanging.clear();
    },
    tooManyRequests(retryAfter: number): FakeAnswer {
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      };
    },
    blocked(): FakeAnswer {
      return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    },
    serverError(): FakeAnswer {
      return { ok: false, error_code: 500, description: 'Internal Server Error' };
    },
    chatNotFound(): FakeAnswer {
      return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
    },
  };
}

export type FakeBotApi = ReturnType<typeof fakeBotApi>;
