/** Form values keyed by control id ("prompt", "resolution", "n", "images", …). */
export type Values = Record<string, unknown>;

/**
 * Form values as the functions take them: any object keyed by control id, an interface of your
 * form's fields too (`Values` is what they return).
 */
export type ValuesInput = object;

/**
 * One image in form values: an `images` control's value is an array of them, a `mask`'s value
 * is one. A `data:image/…` URL, an `http(s)` URL, or an object that says more about the image
 * (a `File` read with `FileReader.readAsDataURL`, say): `dataUrl` (else `url`) is what is sent;
 * the format checked against `formats` is `type`'s (a MIME type), else the URL's, else `name`'s
 * extension; `bytes` is the size (else counted from a data URL); `width` and `height` are what
 * `minWidth`…`maxHeight` are checked against (a URL says nothing about them).
 */
export type ImageValue =
  | string
  | {
      dataUrl?: string | undefined;
      url?: string | undefined;
      type?: string | undefined;
      name?: string | undefined;
      bytes?: number | undefined;
      width?: number | undefined;
      height?: number | undefined;
    };

/**
 * The value a control of kind `K` takes in `Values`: `select` and `radio` one option's `value`,
 * `slider` and `number` a number, `toggle` a boolean, `text` a string, `images` an array of
 * `ImageValue`s, `mask` one `ImageValue`, `fixed` none (it is never sent). For typing form
 * state and field components:
 *
 * ```ts
 * function field<C extends Control>(control: C, value: ControlValue<C["kind"]> | undefined) { … }
 * ```
 */
export type ControlValue<K extends Control["kind"] = Control["kind"]> = {
  select: string;
  radio: string;
  slider: number;
  number: number;
  toggle: boolean;
  text: string;
  images: ImageValue[];
  mask: ImageValue;
  fixed: never;
}[K];

/**
 * `Control.labelKey`: `control.<id>` for the controls the contract names, `param.<catalog key>`
 * for controls inferred from other keys (README, "Translation keys").
 */
export type ControlLabelKey =
  | "control.prompt"
  | "control.images"
  | "control.mask"
  | "control.resolution"
  | "control.aspect_ratio"
  | "control.n"
  | "control.rendering_speed"
  | `param.${string}`;

/** `Option.labelKey`, where the label is generated (README, "Translation keys"). */
export type OptionLabelKey =
  | "option.provider_default"
  | "resolution.pixels"
  | "resolution.pixels_small"
  | "resolution.aspect_square"
  | "resolution.aspect_landscape"
  | "resolution.aspect_portrait"
  | "resolution.tier"
  | "resolution.auto"
  | "resolution.auto_tier"
  | "resolution.scale";

/** `Option.groupKey`: the heading of a group of options in a list that mixes kinds. */
export type OptionGroupKey =
  | "resolution.group.aspect"
  | "resolution.group.size"
  | "resolution.group.tier"
  | "resolution.group.auto"
  | "resolution.group.scale";

/** `Change.reasonKey`: the translation key of a migration note (README, "Translation keys"). */
export type ChangeReasonKey =
  | "change.not_available"
  | "change.reset"
  | "change.aspect_from_resolution"
  | "change.added_default"
  | "change.added_provider_default"
  | "change.read_as_boolean"
  | "change.fixed"
  | "change.mask_removed"
  | "change.shortened"
  | "change.respelled"
  | "change.closest"
  | "change.lowered"
  | "change.raised"
  | "change.rounded"
  | "change.read_as_number"
  | "change.images_made_list"
  | "change.images_removed"
  | "change.images_capped"
  | "change.images_removed_capped"
  | `change.${"not_on_off" | "not_text" | "not_an_option" | "not_a_number" | "fixed_before" | "not_images"}_${"default" | "provider_default" | "none" | "cleared"}`;

/** `FieldError.code`. */
export type FieldErrorCode =
  | "required"
  | "too_long"
  | "not_allowed"
  | "out_of_range"
  | "not_integer"
  | "wrong_type"
  | "too_many_items"
  | "too_large"
  | "bad_format";

/**
 * `FieldError.messageKey`: the translation key of a validation message, `error.<code>` or
 * `error.<code>_<variant>` (README, "Translation keys", lists each one's `params`).
 */
export type FieldErrorMessageKey =
  | "error.required"
  | "error.required_images"
  | "error.required_mask"
  | "error.too_long"
  | "error.not_allowed"
  | "error.out_of_range"
  | "error.out_of_range_min"
  | "error.out_of_range_max"
  | "error.out_of_range_image_width_min"
  | "error.out_of_range_image_width_max"
  | "error.out_of_range_image_height_min"
  | "error.out_of_range_image_height_max"
  | "error.not_integer"
  | "error.wrong_type_text"
  | "error.wrong_type_number"
  | "error.wrong_type_boolean"
  | "error.wrong_type_option"
  | "error.wrong_type_images"
  | "error.wrong_type_image"
  | "error.wrong_type_image_item"
  | "error.too_many_items"
  | "error.too_large"
  | "error.bad_format"
  | "error.bad_format_url"
  | "error.bad_format_not_image";

/** Options of `parseCatalog`. */
export interface ParseCatalogOptions {
  /** Force the catalog shape; guessed from the data when absent. */
  source?: "legacy" | "images" | undefined;
  /** Base URL that relative `icon_url` paths resolve against (default `https://nano-gpt.com`). */
  baseUrl?: string | undefined;
}

/** Options of `deriveControls` and `buildRequest`. */
export interface EndpointOptions {
  /** `"openai"` (default): `POST /v1/images/generations`; `"images"`: `POST /api/v1/images`. */
  endpoint?: "openai" | "images" | undefined;
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
    | "invalid_argument"
    /** A call made in a browser before `await init()`. */
    | "not_initialized";
  /** HTTP status for `unauthorized`, `rate_limited` and `http`. */
  status?: number;
  /** Seconds to wait, when a 429 said (`Retry-After`). */
  retryAfter?: number;
  /** For `aborted`, and `timeout` by the `signal`: the signal's `reason` (what `abort(reason)` was given), unless it shows the API key (as text, as JSON, or in any of its own properties however deep: `message`, `stack`, an Error's `cause`). */
  cause?: unknown;
}

/** A parsed image model (`parseCatalog` always fills every field not marked optional). */
export interface Model extends ModelFields {
  capabilities: Capabilities;
  inputModalities: string[];
  outputModalities: string[];
  tags: string[];
  supportedParameters: Record<string, unknown>;
}

/** The controls for one model (`deriveControls`). */
export interface ControlSet extends ControlSetFields {
  endpoint: Endpoint;
  warnings: Diagnostic[];
}

/** What every control has; `kind` says which one it is (narrow `Control` on it). */
export interface Base extends BaseFields {
  kind: "select" | "radio" | "slider" | "number" | "toggle" | "text" | "images" | "mask" | "fixed";
}
/** An integer slider. */
export interface Slider extends SliderFields {
  kind: "slider";
}
/** A number input. */
export interface NumberInput extends NumberInputFields {
  kind: "number";
}
/** A boolean switch. */
export interface Toggle extends ToggleFields {
  kind: "toggle";
}
/** A text field. */
export interface Text extends TextFields {
  kind: "text";
}
/** Input images. */
export interface Images extends ImagesFields {
  kind: "images";
}
/** An inpainting mask. */
export interface Mask extends MaskFields {
  kind: "mask";
}
/** A fixed value. */
export interface Fixed extends FixedFields {
  kind: "fixed";
}

/**
 * A parsed resolution token, narrowable on `kind`: `pixels` has `width`, `height`, `aspect`,
 * `ratio`, `megapixels` and `orientation` (`commonAspect` when a common ratio is near);
 * `aspect` has `aspect`, `ratio` and `orientation`; `tier` has `tier` (`megapixels` where it is
 * well defined); `auto` has `tier` and `megapixels` only as `auto_<tier>`; `scale` has `scale`;
 * `other` has only `token`, `kind` and `label`.
 */
export type Resolution =
  | (ResolutionFields & {
      kind: "pixels";
      width: number;
      height: number;
      aspect: string;
      ratio: number;
      megapixels: number;
      orientation: Orientation;
    })
  | (ResolutionFields & { kind: "aspect"; aspect: string; ratio: number; orientation: Orientation })
  | (ResolutionFields & { kind: "tier"; tier: string })
  | (ResolutionFields & { kind: "auto" })
  | (ResolutionFields & { kind: "scale"; scale: number })
  | (ResolutionFields & { kind: "other" });

/**
 * A price quote, narrowable on `kind`: `exact` has `amount`, `perImage` and `images`; `range`
 * has `min` and `max` (and, from `quotePrice`, `images`); `unknown` has neither (a `currency`
 * when the catalog said).
 */
export type PriceQuote =
  | (PriceQuoteFields & { kind: "exact"; amount: number; perImage: number; images: number })
  | (PriceQuoteFields & { kind: "range"; min: number; max: number })
  | (PriceQuoteFields & { kind: "unknown" });

/**
 * The outcome of `buildRequest`, narrowed by `ok`: `body` is the request body when `ok` is true,
 * `null` (with `errors`) when it is false.
 */
export type BuildResult =
  | (BuildResultFields & { ok: true; body: Record<string, unknown> })
  | (BuildResultFields & { ok: false; body: null });

/** The contract's name for one choice of a select or radio (`ControlOption`; a DOM global is named `Option` too). */
export type Option = ControlOption;
/** A dropdown. */
export type Select = Extract<Control, { kind: "select" }>;
/** A radio group. */
export type Radio = Extract<Control, { kind: "radio" }>;
/** An integer slider: the same type as `Slider` (the contract's name), under a name no DOM global has. */
export type SliderControl = Extract<Control, { kind: "slider" }>;
/** A number input: the same type as `NumberInput` (the contract's name), under a name no DOM global has. */
export type NumberControl = Extract<Control, { kind: "number" }>;
/** A boolean switch: the same type as `Toggle` (the contract's name), under a name no DOM global has. */
export type ToggleControl = Extract<Control, { kind: "toggle" }>;
/** A text field: the same type as `Text` (the contract's name), under a name no DOM global has. */
export type TextControl = Extract<Control, { kind: "text" }>;
/** Input images: the same type as `Images` (the contract's name), under a name no DOM global has. */
export type ImagesControl = Extract<Control, { kind: "images" }>;
/** An inpainting mask: the same type as `Mask` (the contract's name), under a name no DOM global has. */
export type MaskControl = Extract<Control, { kind: "mask" }>;
/** A fixed value: the same type as `Fixed` (the contract's name), under a name no DOM global has. */
export type FixedControl = Extract<Control, { kind: "fixed" }>;

/**
 * Options of `fetchCatalog` and `fetchModelEndpoints`. A key that differs from one of these
 * only in letter case (`baseURL`), or lacks its `Ms` (`timeout`), is refused with `invalid_argument`,
 * as in every options object.
 */
export interface FetchOptions {
  /** `http(s)` URL, optionally with a path prefix for a proxy (default `https://nano-gpt.com`). */
  baseUrl?: string | undefined;
  /**
   * What relative `icon_url` paths resolve against (default `baseUrl`). Set it to
   * `"https://nano-gpt.com"` when `baseUrl` is a proxy that does not serve `/icons/`.
   */
  iconBaseUrl?: string | undefined;
  /** Sent only to `baseUrl`, in a header; never in the URL, storage or error messages. */
  apiKey?: string | undefined;
  /** `"bearer"` (default): `Authorization: Bearer KEY`; `"x-api-key"`: `x-api-key: KEY`. */
  authHeader?: "bearer" | "x-api-key" | undefined;
  /** `?detailed=true` (default) or `false`. */
  detailed?: boolean | undefined;
  /** `"legacy"` (default): `/api/v1/image-models`; `"images"`: `/api/v1/images/models`. */
  endpoint?: "legacy" | "images" | undefined;
  /** Milliseconds before the request fails with `timeout` (default 15000; `Infinity`: none). */
  timeoutMs?: number | undefined;
  /** Aborts the request: `aborted`, or `timeout` when it timed out (`AbortSignal.timeout(ms)`); its `reason` is the error's `cause`. */
  signal?: AbortSignal | undefined;
}

/** Where `CatalogClient` persists the catalog: `localStorage`-like, sync or async. */
export interface StorageLike {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): unknown;
  removeItem(key: string): unknown;
}

/** Options of `new CatalogClient()`. */
export interface ClientOptions extends FetchOptions {
  /** How long a catalog counts as fresh, in ms (default 300000). */
  maxAgeMs?: number | undefined;
  /** `"memory"` (default), `"local"` (`localStorage`, memory where there is none) or a storage object. */
  storage?: "memory" | "local" | StorageLike | undefined;
  /**
   * A catalog the app bundles, as `parseCatalog` takes it (the JSON text, or the parsed JSON
   * object; anything else is refused with `invalid_argument`), for a first visit without network.
   * Used only when the client holds no catalog (none in memory or in `storage`: a stored one, even
   * stale, wins) and a request fails (any error but an abort by the constructor's `signal`):
   * `get()` resolves with it and `refresh()` with `{ catalog, diff, stale: true, error }`. That
   * catalog has `meta.fallback: true` and no `meta.fetchedAt`; the client holds it as a stale
   * catalog (answered at once, revalidated in the background under the failure backoff) until a
   * request succeeds and replaces it. Never stored; `clear()` forgets it (the option stays). Parsed
   * only when needed: a snapshot that does not parse then leaves the request's own error.
   */
  fallback?: string | object | undefined;
}

/**
 * Options of `CatalogClient.get()` and `refresh()`. Any other key is refused with
 * `invalid_argument`, and so is an `AbortSignal` given as the options (`get(signal)`).
 */
export interface CallOptions {
  /**
   * Stops this call's wait: it rejects with `aborted`, or `timeout` when the signal timed out
   * (`AbortSignal.timeout(ms)`); its `reason` is the error's `cause` (unless it shows the API
   * key). Already aborted: rejects at once, even with a fresh catalog cached. The client's
   * request itself goes on for its other callers and is cached when it answers, also when every
   * caller has aborted (the constructor's `signal` and `timeoutMs` end it).
   */
  signal?: AbortSignal | undefined;
}

/** What `CatalogClient.refresh()` resolves to. */
export interface CatalogUpdate {
  /**
   * The current catalog (when `stale`, the last good one, or the `fallback` option's catalog,
   * `meta.fallback: true`, when the client held none).
   */
  catalog: Catalog;
  /** Model ids added, removed and changed by this refresh (every model added for a first load or a first fallback). */
  diff: CatalogDiff;
  /** `true` when the refresh failed and `catalog` is the previous one (or the fallback). */
  stale: boolean;
  /** Why the refresh failed, when it did. */
  error?: NanoGptError;
}

declare global {
  /**
   * wasm-bindgen gives every class (`CatalogClient`) a `[Symbol.dispose]()` method; declared
   * here so that consumers whose TypeScript `lib` lacks `esnext.disposable` still type-check.
   */
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** A value a JSON Schema `default` or `const` holds here. */
export type JsonSchemaValue = string | number | boolean | string[];

/** One property of the schema `toJsonSchema` returns (a subset of JSON Schema 2020-12). */
export interface JsonSchemaProperty {
  type: "string" | "integer" | "number" | "boolean" | "array";
  /** The control's label. */
  title: string;
  description?: string;
  default?: JsonSchemaValue;
  /** Fixed values. */
  const?: JsonSchemaValue;
  readOnly?: boolean;
  /** Choices: one entry per option, `title` being the option's label. */
  oneOf?: { const: string; title: string }[];
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** `"data-url"` for a mask. */
  format?: "data-url";
  /** Input images: data URLs. */
  items?: { type: "string"; format: "data-url" };
  minItems?: number;
  maxItems?: number;
}

/** The JSON Schema (draft 2020-12) of a control set's values. */
export interface JsonSchema {
  $schema: "https://json-schema.org/draft/2020-12/schema";
  type: "object";
  /** Keyed by control id. */
  properties: Record<string, JsonSchemaProperty>;
  /** Ids of the required controls. */
  required: string[];
  /**
   * When a mask needs an input image: `{ mask: { required: ["images"], properties: { images:
   * { minItems: 1 } } } }` (a mask present makes `images` required, with at least one item).
   */
  dependentSchemas?: Record<string, { required: string[]; properties: Record<string, { minItems: number }> }>;
}

/** react-jsonschema-form's UI schema of one control. */
export interface UiSchemaField {
  "ui:widget"?: "radio" | "range" | "updown" | "textarea" | "checkbox" | "file" | "files";
  /** What JSON Schema cannot say (image formats and size), in English. */
  "ui:help"?: string;
  /** Fixed values. */
  "ui:readonly"?: boolean;
  /** `"advanced"` for controls inferred from unknown catalog keys. */
  "ui:classNames"?: string;
  /** `accept` (MIME types) for file inputs. */
  "ui:options"?: { accept?: string };
}

/** react-jsonschema-form's UI schema: `ui:order` plus one entry per control id that needs one. */
export type UiSchema = { "ui:order": string[] } & Record<string, UiSchemaField>;

/** What `toJsonSchema` returns. */
export interface JsonSchemaBridge {
  schema: JsonSchema;
  uiSchema: UiSchema;
}
