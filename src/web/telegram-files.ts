import { Api } from "grammy";

/** Telegram files are at most 20 MB through the Bot API's getFile. */
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * A Telegram file's bytes for the web page: grammY's getFile names its path,
 * then the server downloads it from the Bot API's file endpoint. The bot's
 * token stays on the server; the officer's browser only talks to the page.
 */
export function createTelegramFiles(options: { token: string; apiRoot: string }) {
  // grammY's apiRoot must not end with "/" (as the channel strips it too).
  const apiRoot = options.apiRoot.replace(/\/+$/, "");
  const api = new Api(options.token, { apiRoot });
  return async (fileId: string): Promise<{ data: Uint8Array; mimeType: string } | undefined> => {
    try {
      const file = await api.getFile(fileId);
      if (!file.file_path) return undefined;
      const response = await fetch(`${apiRoot}/file/bot${options.token}/${file.file_path}`, { signal: AbortSignal.timeout(30_000) });
      if (!response.ok) return undefined;
      const data = new Uint8Array(await response.arrayBuffer());
      if (data.length > MAX_BYTES) return undefined;
      return { data, mimeType: response.headers.get("content-type") ?? "application/octet-stream" };
    } catch {
      return undefined;
    }
  };
}
