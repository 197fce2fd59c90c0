// Loading the catalog through the page's own origin (the demo server proxies NanoGPT and falls
// back to a bundled snapshot when NanoGPT cannot be reached).
import { parseCatalog, type Catalog } from "nanogpt-image-controls";

export interface LoadedCatalog {
  catalog: Catalog;
  /** `live`, `snapshot` or `fixture`, from the demo server's `x-catalog-source` header. */
  source: string;
  /** Why the server fell back to the snapshot. */
  upstreamError?: string;
}

/**
 * The API base the catalog is read from: `/nanogpt` (the proxy), or a same-origin path given as
 * `?catalog=/some/path` (used by the browser tests). Anything cross-origin is ignored.
 */
export function catalogBase(search: string): string {
  const wanted = new URLSearchParams(search).get("catalog");
  if (wanted?.startsWith("/") && !wanted.startsWith("//")) {
    const url = new URL(wanted, location.origin);
    if (url.origin === location.origin) return url.pathname.replace(/\/+$/, "");
  }
  return "/nanogpt";
}

export async function loadCatalog(base: string): Promise<LoadedCatalog> {
  const response = await fetch(`${base}/api/v1/image-models?detailed=true`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The catalog request failed: HTTP ${response.status}`);
  const catalog = parseCatalog(await response.text());
  return {
    catalog,
    source: response.headers.get("x-catalog-source") ?? "live",
    upstreamError: response.headers.get("x-catalog-upstream-error") ?? undefined,
  };
}
