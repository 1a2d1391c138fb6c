import { createHmac, randomBytes } from "node:crypto";
import { sameSecret } from "../http/secret.ts";
import type { RouteResponse } from "../http/server.ts";
import type { Logger } from "../logger.ts";
import type { DocumentFiles } from "./delivery.ts";
import type { DocumentFormat } from "./service.ts";

/** The path under which the bot's HTTP server serves signed document downloads. */
export const DOWNLOAD_PATH = "/tai-don/";

export interface DocumentLink {
  format: DocumentFormat;
  url: string;
}

export interface DocumentLinks {
  /** Signed links to the PDF and the DOCX of an application, valid for the configured time. */
  linksFor(code: string): DocumentLink[];
  /** The application and format a token names; "expired" past its time; undefined when forged or damaged. */
  verify(token: string): { code: string; format: DocumentFormat } | "expired" | undefined;
  readonly ttlMinutes: number;
}

/**
 * Short-lived signed download links (for Zalo, whose Bot API sends no files):
 * the token carries the code, the format and the expiry, signed with
 * HMAC-SHA256. Nothing is stored; the file is made when the link is opened.
 * With several bot instances DOCUMENT_LINK_SECRET must be the same on each;
 * without it a random secret is used, and links die with the process.
 */
export function createDocumentLinks(options: { publicUrl: string; secret?: string; ttlMinutes: number; clock: () => Date }): DocumentLinks {
  const secret = options.secret ?? randomBytes(32).toString("hex");
  const base = options.publicUrl.replace(/\/+$/, "");
  const sign = (payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");
  return {
    ttlMinutes: options.ttlMinutes,
    linksFor(code) {
      const expires = Math.floor(options.clock().getTime() / 1000) + options.ttlMinutes * 60;
      return (["pdf", "docx"] as const).map((format) => {
        const payload = `${code}.${format}.${expires}`;
        return { format, url: `${base}${DOWNLOAD_PATH}${payload}.${sign(payload)}` };
      });
    },
    verify(token) {
      const match = /^(KC-\d{4}-\d{6})\.(pdf|docx)\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return undefined;
      const [, code, format, expires, signature] = match as unknown as [string, string, DocumentFormat, string, string];
      if (!sameSecret(signature, sign(`${code}.${format}.${expires}`))) return undefined;
      if (Number(expires) * 1000 < options.clock().getTime()) return "expired";
      return { code, format };
    },
  };
}

const TEXT_HEADERS = { "content-type": "text/plain; charset=utf-8" };
const PRIVATE = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

/** GET /tai-don/<token>: the file, made now from the stored application; 410 when the link expired, 404 when forged. */
export function createDownloadRoute(deps: { links: DocumentLinks; files: DocumentFiles; logger: Logger }): (path: string) => Promise<RouteResponse> {
  return async (path) => {
    const verified = deps.links.verify(decodeURIComponent(path.slice(DOWNLOAD_PATH.length)));
    if (verified === "expired") {
      return { status: 410, headers: { ...TEXT_HEADERS, ...PRIVATE }, body: 'Liên kết tải đơn đã hết hạn. Anh/chị mở "📂 Hồ sơ của tôi" trong Zalo, chọn hồ sơ rồi "📄 Tải đơn" để nhận liên kết mới.' };
    }
    if (!verified) return { status: 404, headers: { ...TEXT_HEADERS, ...PRIVATE }, body: "Không tìm thấy." };
    const file = await deps.files.makeOne(verified.code, verified.format);
    if (!file) return { status: 404, headers: { ...TEXT_HEADERS, ...PRIVATE }, body: "Hồ sơ không còn." };
    deps.logger.info("documents", "letter downloaded", { format: verified.format });
    return {
      status: 200,
      headers: {
        "content-type": file.mimeType,
        "content-disposition": `attachment; filename="${file.fileName}"`,
        ...PRIVATE,
      },
      body: file.data,
    };
  };
}
