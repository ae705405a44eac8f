/** The HTTP side of a webhook attempt: one POST on a fresh connection, with a timeout. */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/** One webhook POST. */
export interface PostInput {
  url: string;
  payload: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** POSTs JSON on a fresh connection; resolves with the status, or `null` on failure. */
export function postJson(input: PostInput): Promise<number | null> {
  return new Promise((resolve) => {
    const url = new URL(input.url);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const outgoing = send(url, {
      method: "POST",
      agent: false,
      timeout: input.timeoutMs,
      headers: {
        ...input.headers,
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(input.payload),
      },
    });
    outgoing.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? null));
      response.on("error", () => resolve(null));
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error("webhook attempt timed out")));
    outgoing.on("error", () => resolve(null));
    outgoing.end(input.payload);
  });
}
