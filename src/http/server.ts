import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../logger.ts";

/** A webhook route: gets the raw body (already size-checked) and answers with status and body. */
export type RouteHandler = (
  request: { headers: IncomingMessage["headers"]; body: Buffer },
) => Promise<{ status: number; body?: string | object }>;

/** A GET answer with its own headers (a file download). */
export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A GET route under a path prefix: gets the request path. */
export type GetHandler = (path: string) => Promise<RouteResponse>;

export interface HttpServer {
  /** Registers a POST route (webhooks). */
  post(path: string, handler: RouteHandler): void;
  /** Registers a GET route for every path starting with `prefix` (signed document downloads). */
  get(prefix: string, handler: GetHandler): void;
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}

/**
 * The one HTTP server that Telegram's and Zalo's webhooks share, with GET /healthz.
 * Bodies over `maxBodyBytes` are refused with 413; what follows the limit is read and dropped, never buffered.
 */
export function createHttpServer(options: { host: string; port: number; maxBodyBytes: number; logger: Logger }): HttpServer {
  const routes = new Map<string, RouteHandler>();
  const getRoutes = new Map<string, GetHandler>();
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.logger.error("http", "request failed", { path: req.url, error: String(error) });
      if (!res.headersSent) send(res, 500, { ok: false });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === "/healthz") return send(res, 200, { ok: true });
    const getRoute = req.method === "GET" ? [...getRoutes].find(([prefix]) => path.startsWith(prefix)) : undefined;
    if (getRoute) {
      const answer = await getRoute[1](path);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    const route = req.method === "POST" ? routes.get(path) : undefined;
    if (!route) return send(res, 404, { ok: false });
    const body = await readBody(req, options.maxBodyBytes);
    if (body === "too-large") return send(res, 413, { ok: false, description: "body too large" });
    const answer = await route({ headers: req.headers, body });
    send(res, answer.status, answer.body ?? "");
  }

  return {
    post: (path, handler) => void routes.set(path, handler),
    get: (prefix, handler) => void getRoutes.set(prefix, handler),
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => {
          const address = server.address();
          resolve({ port: typeof address === "object" && address ? address.port : options.port });
        });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res: ServerResponse, status: number, body: string | object): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json" });
  res.end(text);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > max) {
      req.resume();
      resolve("too-large");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > max) {
        // Answer 413 now and read the rest without keeping it: destroying the
        // request would reset the connection before the sender reads the 413.
        tooLarge = true;
        chunks.length = 0;
        resolve("too-large");
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
