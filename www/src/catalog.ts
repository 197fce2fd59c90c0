// Where the catalog comes from: NanoGPT through the demo server's same-origin proxy (/nanogpt),
// which falls back to a bundled snapshot when NanoGPT cannot be reached.
import { CatalogClient } from "nanogpt-image-controls";

/**
 * The API base the catalog is read from: `/nanogpt` (the proxy), or a same-origin path given as
 * `?catalog=/some/path` (the browser tests serve test catalogs that way). Anything else is ignored.
 */
export function catalogBase(search: string): string {
  const wanted = new URLSearchParams(search).get("catalog");
  if (wanted?.startsWith("/") && !wanted.startsWith("//")) {
    const url = new URL(wanted, location.origin);
    if (url.origin === location.origin) return url.pathname.replace(/\/+$/, "");
  }
  return "/nanogpt";
}

/**
 * One client for the page's lifetime: it caches the catalog in memory, revalidates it with
 * ETags on `refresh()`, and reports what changed. Relative icon paths resolve against `baseUrl`'s
 * origin, which the demo server proxies too.
 */
export function createCatalogClient(base: string): CatalogClient {
  return new CatalogClient({ baseUrl: location.origin + base, timeoutMs: 10_000 });
}

export interface CatalogSource {
  /** `live` (NanoGPT), `snapshot` (bundled fallback) or `fixture` (a test catalog). */
  source: string;
  /** Why the demo server served its snapshot: its request to NanoGPT failed, or got no catalog. */
  upstreamError?: string;
  /** Set by the page when it could not get a catalog from its own server at all (and read the snapshot itself). */
  pageError?: string;
}

/**
 * Demo-server specific: asks where the last catalog response came from. An app talking to
 * NanoGPT directly has no snapshot and does not need this.
 */
export async function catalogSource(base: string): Promise<CatalogSource> {
  try {
    const response = await fetch(`${base}/_demo/catalog-source`, { cache: "no-store" });
    if (response.ok) return (await response.json()) as CatalogSource;
  } catch {
    /* not the demo server: assume live */
  }
  return { source: "live" };
}
