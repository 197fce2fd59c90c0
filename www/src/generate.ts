// Sending a request body built by `buildRequest` to NanoGPT, through the demo server's proxy.
import type { Endpoint } from "nanogpt-image-controls";

const PATHS: Record<Endpoint, string> = {
  openai: "/nanogpt/v1/images/generations",
  images: "/nanogpt/api/v1/images",
};

export type Outcome =
  | { ok: true; images: string[]; raw: unknown }
  | { ok: false; status: number; message: string };

/** The API key goes in a header only; it is never stored and never part of a URL. */
export async function generate(endpoint: Endpoint, body: unknown, apiKey: string, signal?: AbortSignal): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(PATHS[endpoint], {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    return { ok: false, status: 0, message: `The request could not be sent: ${(error as Error).message}` };
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON: shown as text below */
  }
  if (!response.ok) {
    const html = /^\s*</.test(text);
    const message = errorMessage(json) ?? (html ? "an HTML error page" : text.slice(0, 500)) ?? "";
    // Servers sometimes echo the key they refused: it is never shown.
    const shown = apiKey ? message.split(apiKey).join("[redacted]") : message;
    return { ok: false, status: response.status, message: shown || response.statusText };
  }
  const images = imagesOf(json);
  if (images.length === 0) return { ok: false, status: response.status, message: "The response contained no images." };
  return { ok: true, images, raw: json };
}

/** `{error: {message}}`, `{error: "..."}` or `{message}`, as APIs commonly answer. */
function errorMessage(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  const error = json.error;
  if (typeof error === "string") return error;
  if (isObject(error) && typeof error.message === "string") return error.message;
  return typeof json.message === "string" ? json.message : undefined;
}

/** Image sources from `data: [{b64_json} | {url}]` (both endpoints answer in this shape). */
function imagesOf(json: unknown): string[] {
  const items = isObject(json) && Array.isArray(json.data) ? json.data : [];
  return items.flatMap((item: unknown) => {
    if (!isObject(item)) return [];
    if (typeof item.b64_json === "string") return [`data:image/png;base64,${item.b64_json}`];
    if (typeof item.url === "string" && /^(https?:|data:image\/)/i.test(item.url)) return [item.url];
    return [];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
