// Formatting of prices and values for display.
import type { PriceQuote } from "nanogpt-image-controls";

export function money(amount: number, currency = "USD"): string {
  // Image prices go down to fractions of a cent: show up to 4 decimals, at least 2.
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 4,
    }).format(amount);
  } catch {
    // Intl throws on a code it does not know; the library passes only three-letter codes.
    return `${amount} ${currency}`;
  }
}

const NBSP = "\u00a0";

/**
 * An integer as the library writes it (`10 000`: digits grouped by three from five digits on),
 * with no-break spaces so that a narrow column never splits it; other numbers as JavaScript writes them.
 */
export function num(value: number): string {
  const text = String(value);
  return Number.isInteger(value) && Math.abs(value) >= 10_000 ? text.replace(/\B(?=(\d{3})+$)/g, NBSP) : text;
}

/**
 * Text with numbers kept in one piece: the spaces inside a grouped number (`3 031 988`, as the
 * library's messages write it) and between a number and its unit (`2.9 MB`, `988 bytes`) become
 * no-break spaces, so a narrow screen wraps before or after them, never inside.
 */
export function keepTogether(text: string): string {
  return text
    .replace(/(\d) (?=\d{3}(?!\d))/g, `$1${NBSP}`)
    .replace(/(\d) (?=(?:bytes?|[kKMG]i?B|MP|px|characters?|images?)\b)/g, `$1${NBSP}`);
}

/** "$0.04 per image", "$0.005–$0.09 per image", "price unknown" — for the model picker. */
export function perImageRange(quote: PriceQuote): string {
  const currency = quote.currency ?? "USD";
  if (quote.kind === "exact" && quote.perImage !== undefined) return `${money(quote.perImage, currency)} per image`;
  if (quote.kind === "range" && quote.min !== undefined && quote.max !== undefined) {
    const images = quote.images ?? 1;
    return `${money(quote.min / images, currency)}–${money(quote.max / images, currency)} per image`;
  }
  return "price unknown";
}

/** The total of a quote for the current form values. */
export function total(quote: PriceQuote): string {
  const currency = quote.currency ?? "USD";
  const images = quote.images ?? 1;
  // No-break spaces: a narrow column breaks before "(4 images × $0.03)", not inside it.
  const count = `${num(images)}${NBSP}image${images === 1 ? "" : "s"}`;
  if (quote.kind === "exact" && quote.amount !== undefined) {
    const each = quote.perImage !== undefined ? ` (${count}${NBSP}×${NBSP}${money(quote.perImage, currency)})` : "";
    return `${money(quote.amount, currency)}${each}`;
  }
  if (quote.kind === "range" && quote.min !== undefined && quote.max !== undefined) {
    return `${money(quote.min, currency)} – ${money(quote.max, currency)} for ${count}`;
  }
  return "Price unknown for these settings";
}

/** A size as the page writes it: `988 bytes`, `146 kB`, `2.9 MB` (no-break spaces). */
export function bytes(count: number): string {
  const kB = Math.round(count / 1024);
  if (count < 1024) return `${num(count)}${NBSP}byte${count === 1 ? "" : "s"}`;
  return kB < 1024 ? `${kB}${NBSP}kB` : `${+(count / 1024 / 1024).toFixed(1)}${NBSP}MB`;
}

/** The size of what a data URL holds (what the library checks against a limit). */
function dataUrlBytes(url: string): number {
  const comma = url.indexOf(",");
  const payload = url.slice(comma + 1);
  if (!/;base64$/i.test(url.slice(0, comma))) return payload.length; // percent-encoded: about
  return Math.floor((payload.length * 3) / 4) - (payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0);
}

/** The request body as JSON, with data URLs shortened so uploads don't flood the preview. */
export function bodyJson(body: unknown): string {
  return JSON.stringify(
    body,
    (_key, value: unknown) =>
      typeof value === "string" && value.startsWith("data:") && value.length > 80
        ? `${value.slice(0, 40)}… (${bytes(dataUrlBytes(value))})`
        : value,
    2,
  );
}
