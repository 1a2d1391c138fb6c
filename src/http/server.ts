import { createAdaptorServer, type ServerType } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "../logger.ts";

/** What a route answers: a status and a JSON object or plain text. */
export interface RouteAnswer {
  status: number;
  body?: string | object;
}

/** A webhook route: gets the raw body (already size-checked) and answers with status and body. */
export type RouteHandler = (request: { headers: IncomingHttpHeaders; body: Buffer }) => Promise<RouteAnswer>;

/**
 * A webhook route whose sender is checked from the headers alone (the secret
 * token), before a byte of the body is read: a stranger cannot make the
 * server read and buffer `maxBodyBytes` of anything.
 */
export interface CheckedRoute {
  /** An answer refuses the request (401/403) without reading its body; undefined lets it through. */
  check(headers: IncomingHttpHeaders): RouteAnswer | undefined;
  handle: RouteHandler;
}

/** A GET answer with its own headers (a file download). */
export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A GET route under a path prefix: gets the request path. */
export type GetHandler = (path: string) => Promise<RouteResponse>;

export interface HttpServer {
  /** Registers a POST route (webhooks): JSON bodies only (415 otherwise), at most `maxBodyBytes` (413). */
  post(path: string, route: RouteHandler | CheckedRoute): void;
  /** Registers a GET route for every path starting with `prefix` (signed document downloads). */
  get(prefix: string, handler: GetHandler): void;
  /** The Hono application, for the officers' web page to add its routes to. */
  readonly app: Hono;
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}

/**
 * The one HTTP server of the bot, on Hono (see README, "Trang web cán bộ"):
 * Telegram's and Zalo's webhooks, GET /healthz, the signed letter downloads and
 * the officers' web page. Webhook bodies over `maxBodyBytes` are refused with
 * 413 by Hono's body-limit middleware, which counts a chunked body as it
 * arrives and never buffers past the limit; @hono/node-server drains what
 * follows, so the sender reads the 413 instead of a reset connection.
 */
export function createHttpServer(options: { host: string; port: number; maxBodyBytes: number; logger: Logger }): HttpServer {
  const app = new Hono();
  const posts = new Map<string, CheckedRoute>();
  const gets = new Map<string, GetHandler>();

  app.onError((error, c) => {
    options.logger.error("http", "request failed", { path: c.req.path, error: String(error) });
    return c.json({ ok: false }, 500);
  });
  app.get("/healthz", (c) => c.json({ ok: true }));

  // Routes are added while channels start, after the app is built: one dispatcher looks them up per request.
  const limit = bodyLimit({ maxSize: options.maxBodyBytes, onError: (c) => c.json({ ok: false, description: "body too large" }, 413) });
  app.post("*", async (c, next) => {
    const route = posts.get(c.req.path);
    if (!route) return next();
    const headers = headersOf(c);
    const refused = route.check(headers);
    if (refused) return answer(c, refused);
    if (!/^application\/json(\s*;|$)/i.test(headers["content-type"] ?? "")) return c.json({ ok: false, description: "content type must be application/json" }, 415);
    return limit(c, async () => {
      const body = Buffer.from(await c.req.arrayBuffer());
      c.res = answer(c, await route.handle({ headers, body }));
    });
  });
  app.get("*", async (c, next) => {
    const found = [...gets].find(([prefix]) => c.req.path.startsWith(prefix));
    if (!found) return next();
    const result = await found[1](c.req.path);
    return c.body(typeof result.body === "string" ? result.body : new Uint8Array(result.body), result.status as 200, result.headers);
  });

  let server: ServerType | undefined;
  const notFound = (c: Context) => c.json({ ok: false }, 404);
  return {
    app,
    post: (path, route) => void posts.set(path, typeof route === "function" ? { check: () => undefined, handle: route } : route),
    get: (prefix, handler) => void gets.set(prefix, handler),
    listen: () =>
      new Promise((resolve, reject) => {
        app.notFound(notFound);
        const created = createAdaptorServer({ fetch: app.fetch, hostname: options.host, port: options.port });
        server = created;
        created.once("error", reject);
        created.listen(options.port, options.host, () => {
          const address = created.address();
          resolve({ port: typeof address === "object" && address ? address.port : options.port });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        // Keep-alive connections (a browser, a proxy) would hold close() open for minutes.
        if ("closeIdleConnections" in server) server.closeIdleConnections();
        server.close(() => resolve());
      }),
  };
}

function headersOf(c: Context): IncomingHttpHeaders {
  return Object.fromEntries(c.req.raw.headers.entries());
}

function answer(c: Context, result: RouteAnswer): Response {
  const body = result.body ?? "";
  return typeof body === "string" ? c.text(body, result.status as 200) : c.json(body, result.status as 200);
}
