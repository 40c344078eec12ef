import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';
import type { HealthReport } from './health.ts';
import { send } from './webhook.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  logger: Logger;
  health: () => Promise<HealthReport>;
  /** Telegram's webhook: the path of WEBHOOK_URL and its handler. */
  webhook?: { path: string; handler: RequestHandler };
  /** Anything else (the playground page). */
  fallback?: RequestHandler;
}

export interface RunningHttpServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections and waits for the requests in progress (at most `timeoutMs`). */
  close(timeoutMs?: number): Promise<void>;
}

/** The process's HTTP side: GET /healthz, Telegram's webhook, and optionally the playground. */
export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const done = (p: void | Promise<void>) =>
      Promise.resolve(p).catch((err: Error) => {
        opts.logger.error({ err: err.message, path }, 'http request failed');
        send(res, 500, { error: 'internal error' });
      });
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      return void done(
        opts.health().then((h) => {
          res.setHeader('cache-control', 'no-store');
          send(res, h.httpStatus, h.body);
        }),
      );
    }
    if (opts.webhook && path === opts.webhook.path) return void done(opts.webhook.handler(req, res));
    if (opts.fallback) return void done(opts.fallback(req, res));
    send(res, 404, { error: 'not found' });
  });
  // Telegram keeps webhook connections alive; a stale keep-alive socket must not hold shutdown.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    port,
    url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${port}`,
    close: (timeoutMs = 15_000) =>
      new Promise<void>((resolve) => {
        // A keep-alive connection becomes idle once its request is answered: close it then.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const timer = setTimeout(() => {
          server.closeAllConnections();
          clearInterval(idle);
          resolve();
        }, timeoutMs);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(idle);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
