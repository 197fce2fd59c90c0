/** Form values keyed by control id ("prompt", "resolution", "n", "images", …). */
export type Values = Record<string, unknown>;

/** Options of `parseCatalog`. */
export interface ParseCatalogOptions {
  /** Force the catalog shape; guessed from the data when absent. */
  source?: "legacy" | "images";
  /** Base URL that relative `icon_url` paths resolve against (default `https://nano-gpt.com`). */
  baseUrl?: string;
}

/** Options of `deriveControls` and `buildRequest`. */
export interface EndpointOptions {
  /** `"openai"` (default): `POST /v1/images/generations`; `"images"`: `POST /api/v1/images`. */
  endpoint?: "openai" | "images";
}

/** The error every function throws: an `Error` with a stable `code`. */
export interface NanoGptError extends Error {
  code:
    | "network"
    | "timeout"
    | "aborted"
    | "unauthorized"
    | "rate_limited"
    | "http"
    | "invalid_json"
    | "invalid_catalog"
    | "invalid_argument";
  /** HTTP status for `unauthorized`, `rate_limited` and `http`. */
  status?: number;
  /** Seconds to wait, when a 429 said (`Retry-After`). */
  retryAfter?: number;
}

/** The contract's name for one choice of a select or radio. */
export type Option = ControlOption;
/** A dropdown. */
export type Select = Extract<Control, { kind: "select" }>;
/** A radio group. */
export type Radio = Extract<Control, { kind: "radio" }>;
/** An integer slider. */
export type SliderControl = Extract<Control, { kind: "slider" }>;
/** A number input. */
export type NumberControl = Extract<Control, { kind: "number" }>;
/** A boolean switch. */
export type ToggleControl = Extract<Control, { kind: "toggle" }>;
/** A text field. */
export type TextControl = Extract<Control, { kind: "text" }>;
/** Input images. */
export type ImagesControl = Extract<Control, { kind: "images" }>;
/** An inpainting mask. */
export type MaskControl = Extract<Control, { kind: "mask" }>;
/** A fixed value. */
export type FixedControl = Extract<Control, { kind: "fixed" }>;
