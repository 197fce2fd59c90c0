// A consumer compiled with `tsc --noEmit` against the generated pkg/*.d.ts: the public types
// must be precise enough to write a form renderer without casts.
import init, {
  parseCatalog,
  parseResolution,
  deriveControls,
  defaultValues,
  validateValues,
  buildRequest,
  migrateValues,
  quotePrice,
  diffCatalogs,
  fetchCatalog,
  fetchModelEndpoints,
  priceRange,
  toJsonSchema,
  CatalogClient,
  type Catalog,
  type CatalogUpdate,
  type CallOptions,
  type ClientOptions,
  type JsonSchemaBridge,
  type ModelEndpoints,
  type Model,
  type Control,
  type ControlSet,
  type Values,
  type FieldError,
  type BuildResult,
  type ChangeReasonKey,
  type PriceQuote,
  type Resolution,
  type NanoGptError,
  type Option as ControlOptionAlias,
  type Base,
  type Slider,
  type Text as TextControl,
  type InitOutput,
  type FieldErrorCode,
  type FieldErrorMessageKey,
  type ImageValue,
  type ControlValue,
  type ControlLabelKey,
  type OptionLabelKey,
  type OptionGroupKey,
  isNanoGptError,
} from "nanogpt-image-controls";

// Errors are recognized by a type guard; field error codes are a closed union.
function errorText(e: unknown): string {
  if (isNanoGptError(e)) return e.code === "rate_limited" ? `retry in ${e.retryAfter ?? "?"} s` : e.code;
  return String(e);
}
function fieldMessage(code: FieldErrorCode): string {
  switch (code) {
    case "required":
    case "too_long":
    case "not_allowed":
    case "out_of_range":
    case "not_integer":
    case "wrong_type":
    case "too_many_items":
    case "too_large":
    case "bad_format":
      return code;
    default: {
      const never: never = code;
      return never;
    }
  }
}

// An interface of the form's own fields is accepted as values; options take explicit undefined.
interface FormFields {
  prompt: string;
  n?: number;
}
function withOwnTypes(set: ControlSet, m: Model, v: FormFields, key: string | undefined): void {
  console.log(validateValues(set, v).length, buildRequest(m, v).ok, quotePrice(m, v).kind);
  void fetchCatalog({ apiKey: key, timeoutMs: undefined });
}
function uiWidget(b: JsonSchemaBridge): string | undefined {
  return b.uiSchema["n"]?.["ui:widget"];
}
// Error messages translate by their key, a closed union as `ChangeReasonKey` is.
function translated(e: FieldError, table: Partial<Record<FieldErrorMessageKey, string>>): string {
  const key: FieldErrorMessageKey = e.messageKey;
  return table[key] ?? e.message;
}
const germanErrors: Partial<Record<FieldErrorMessageKey, string>> = {
  "error.required": "{label} fehlt.",
  "error.out_of_range_image_width_min": "Bild {position} ist zu schmal.",
  "error.wrong_type_image_item": "Bild {position} ist kein Bild.",
  // @ts-expect-error not a key the library makes
  "error.bogus": "",
};
// What an images control and a mask take: URLs, or objects that also say the image's size.
function withImages(set: ControlSet, file: { name: string; type: string; size: number }, dataUrl: string): FieldError[] {
  const images: ImageValue[] = [
    dataUrl,
    { dataUrl, name: file.name, type: file.type, bytes: file.size, width: 1024, height: 768 },
    { url: "https://example.com/a.png", width: undefined },
  ];
  // @ts-expect-error sizes are numbers
  const wrong: ImageValue = { dataUrl, width: "1024" };
  const mask: ImageValue | undefined = images[0];
  console.log(wrong);
  return validateValues(set, { prompt: "p", images, mask });
}
void withImages;
// Each control kind's value type, for typed form state.
const sliderValue: ControlValue<"slider"> = 3;
// @ts-expect-error a slider's value is a number, not its text
const sliderText: ControlValue<"slider"> = "3";
const pictures: ControlValue<"images"> = ["data:image/png;base64,AAAA", { url: "https://example.com/a.png", width: 1, height: 1 }];
// @ts-expect-error a fixed control takes no value
const fixedValue: ControlValue<"fixed"> = 4;
const anyValue: ControlValue = true; // any kind's value
function fieldValue<C extends Control>(control: C, values: Values): ControlValue<C["kind"]> | undefined {
  return values[control.id] as ControlValue<C["kind"]> | undefined;
}
void [sliderValue, sliderText, pictures, fixedValue, anyValue, fieldValue];
// Label and group keys are unions: a translation table can list them all.
const optionLabels: Record<OptionLabelKey, string> = {
  "option.provider_default": "Standard des Anbieters",
  "resolution.pixels": "{width} × {height}",
  "resolution.pixels_small": "{width} × {height}",
  "resolution.aspect_square": "{aspect} (quadratisch)",
  "resolution.aspect_landscape": "{aspect} (quer)",
  "resolution.aspect_portrait": "{aspect} (hoch)",
  "resolution.tier": "{tier}",
  "resolution.auto": "Automatisch",
  "resolution.auto_tier": "Automatisch ({tier})",
  "resolution.scale": "{scale}× vergrößern",
};
const groupLabels: Record<OptionGroupKey, string> = {
  "resolution.group.aspect": "Seitenverhältnis",
  "resolution.group.size": "Größe",
  "resolution.group.tier": "Stufe",
  "resolution.group.auto": "Automatisch",
  "resolution.group.scale": "Vergrößerung",
};
const inferred: ControlLabelKey = "param.guidance_scale";
// @ts-expect-error not a key the library makes
const bogusLabel: ControlLabelKey = "label.prompt";
function optionText(o: ControlOptionAlias): [label: string, group: string | undefined] {
  const label = o.labelKey === undefined ? o.label : optionLabels[o.labelKey];
  return [label, o.groupKey === undefined ? o.group : groupLabels[o.groupKey]];
}
void [optionLabels, groupLabels, inferred, bogusLabel, optionText];
void translated;
void germanErrors;
void errorText;
void fieldMessage;
void withOwnTypes;
void uiWidget;

// The contract's control interfaces carry their `kind`; `Base` is what every control has.
function sliderKind(c: Slider): "slider" {
  return c.kind;
}
function kindOf(c: Base): string {
  return c.kind;
}
function textLimit(c: TextControl): number | undefined {
  return c.kind === "text" ? c.maxLength : undefined;
}

// Fields a parsed model and a control set always have are not optional.
function modelFacts(m: Model, set: ControlSet): string {
  const flags = `${m.capabilities.imageToImage ?? ""} ${m.tags.includes("fast")} ${m.inputModalities.length}`;
  const endpoint: "openai" | "images" = set.endpoint;
  return `${flags} ${m.outputModalities.length} ${Object.keys(m.supportedParameters).length} ${endpoint} ${set.warnings.length}`;
}

// A quote narrows on its kind.
function price(q: PriceQuote): string {
  if (q.kind === "exact") return `${q.amount.toFixed(2)} (${q.perImage} × ${q.images})`;
  if (q.kind === "range") return `${q.min.toFixed(2)}–${q.max.toFixed(2)}`;
  return q.currency ?? "?";
}

// A resolution narrows on its kind: a pixel size has its sides, an aspect ratio its shape.
function resolutionText(r: Resolution | Readonly<Resolution>): string {
  switch (r.kind) {
    case "pixels": {
      const area: number = r.width * r.height;
      const mp: number = r.megapixels;
      return `${area} ${mp} ${r.aspect} ${r.orientation} ${r.ratio.toFixed(2)} ${r.commonAspect ?? ""}`;
    }
    case "aspect":
      return `${r.aspect} ${r.ratio.toFixed(2)} ${r.orientation}`;
    case "tier":
      return `${r.tier} ${r.megapixels ?? ""}`;
    case "auto":
      return r.tier ?? "auto";
    case "scale":
      return `${r.scale.toFixed(1)}×`;
    case "other": {
      // @ts-expect-error only a pixel size has sides
      const w: number = r.width;
      return `${r.label} ${w}`;
    }
    default: {
      const never: never = r;
      return never;
    }
  }
}
// An option's resolution (frozen) narrows the same way.
function optionSides(o: ControlOptionAlias): number | undefined {
  return o.resolution?.kind === "pixels" ? o.resolution.width * o.resolution.height : undefined;
}
void resolutionText;
void optionSides;

async function initOutput(): Promise<number> {
  const out: InitOutput = await init();
  return out.memory.buffer.byteLength;
}
void sliderKind;
void kindOf;
void textLimit;
void modelFacts;
void price;
void initOutput;

async function main(text: string): Promise<void> {
  await init();
  const catalog: Catalog = parseCatalog(text, { source: "legacy", baseUrl: "https://proxy.example/nano" });
  const model: Model | undefined = catalog.models[0];
  if (!model) return;
  const set: ControlSet = deriveControls(model, { endpoint: "images" });
  const other: ControlSet = deriveControls(model);
  for (const c of set.controls) describe(c);
  const values: Values = { ...defaultValues(set), prompt: "a lighthouse at dusk" };
  const errors: FieldError[] = validateValues(set, values);
  const first: string | undefined = errors[0]?.code;
  const built: BuildResult = buildRequest(model, values, { endpoint: "openai" });
  // Narrowed by `ok`: the body is there, no null check.
  if (built.ok) console.log(Object.keys(built.body), first);
  else {
    const none: null = built.body;
    console.log(none, built.errors.length);
  }
  const { values: moved, changes } = migrateValues(set, other, values);
  // Translation tables can be typed by the reason keys.
  const german: Partial<Record<ChangeReasonKey, string>> = { "change.lowered": "{label} auf {to} gesenkt." };
  for (const ch of changes) console.log(ch.id, german[ch.reasonKey] ?? ch.reason, moved[ch.id]);
  const composite: ChangeReasonKey = "change.not_an_option_provider_default";
  console.log(composite);
  const quote: PriceQuote = quotePrice(model, values);
  if (quote.kind === "exact") console.log(quote.amount?.toFixed(3), quote.currency);
  const r: Resolution = parseResolution("1024x1024");
  const w: number | undefined = r.width;
  const shape: string | undefined = r.commonAspect ?? r.aspect;
  console.log(shape);
  console.log(w, r.kind === "pixels", diffCatalogs(catalog, catalog).changed.length);
  try {
    parseCatalog("<html>");
  } catch (e) {
    const err = e as NanoGptError;
    if (err.code === "invalid_json") console.log(err.message);
  }
}

async function client(signal: AbortSignal): Promise<void> {
  const options: ClientOptions = { baseUrl: "/nanogpt", apiKey: "k", authHeader: "x-api-key", maxAgeMs: 60_000, storage: "local", signal };
  const c = new CatalogClient(options);
  const first: Catalog = await c.get();
  const update: CatalogUpdate = await c.refresh();
  // A per-call signal (a component that unmounts stops waiting; the shared request goes on).
  const unmount = new AbortController();
  const mine: Catalog = await c.get({ signal: unmount.signal });
  const call: CallOptions = { signal: AbortSignal.timeout(5_000) };
  const again: CatalogUpdate = await c.refresh(call);
  await c.get({ signal: undefined });
  // @ts-expect-error `signal` is the only option
  await c.get({ signl: unmount.signal });
  // @ts-expect-error a signal is an AbortSignal
  await c.refresh({ signal: "abort" });
  console.log(mine.models.length, again.stale);
  // A bundled snapshot for a first visit without network (the JSON text or the parsed object).
  const snapshot: object = JSON.parse("{\"data\":[]}");
  const offline = new CatalogClient({ baseUrl: "/nanogpt", storage: "local", fallback: snapshot });
  const shown: Catalog = await offline.get();
  const isFallback: boolean | undefined = shown.meta.fallback;
  if (isFallback === true) console.log("a saved model list", shown.meta.fetchedAt === undefined);
  new CatalogClient({ fallback: "{\"data\":[]}" });
  // @ts-expect-error a fallback is a catalog's JSON text or object
  new CatalogClient({ fallback: 42 });
  const added: string[] = update.diff.added;
  if (update.stale && update.error) console.log(update.error.code, update.error.status);
  const fetched: Catalog = await fetchCatalog({ endpoint: "images", detailed: false, timeoutMs: 5_000 });
  const model = fetched.models[0];
  if (model) {
    const detail: ModelEndpoints = await fetchModelEndpoints(model, { baseUrl: "/nanogpt" });
    console.log(detail.id, priceRange(model).kind);
    const bridge: JsonSchemaBridge = toJsonSchema(deriveControls(model));
    console.log(bridge.schema, bridge.uiSchema);
    // A mask needs an input image: the schema says so as the README documents.
    const needs: string[] | undefined = bridge.schema.dependentSchemas?.["mask"]?.required;
    const least: number | undefined = bridge.schema.dependentSchemas?.["mask"]?.properties["images"]?.minItems;
    console.log(needs, least);
  }
  console.log(first.models.length, added);
  c.free();
}

// Exhaustive over the discriminated union: adding a kind without handling it fails to compile.
function describe(c: Control): string {
  switch (c.kind) {
    case "select":
    case "radio": {
      const o: ControlOptionAlias | undefined = c.options[0];
      return `${c.label}: ${o?.label ?? ""} ${o?.price ?? ""} ${c.default ?? ""}`;
    }
    case "slider": {
      // No stated default: the provider's applies until the user moves the slider.
      const unset: boolean | undefined = c.providerDefault;
      return `${c.min}..${c.max} step ${c.step} = ${unset ? "provider default" : c.default}`;
    }
    case "number":
      return `${c.min ?? "-∞"}..${c.max ?? "∞"}`;
    case "toggle":
      return c.providerDefault === true ? "provider default" : String(c.default);
    case "text":
      return `${c.multiline} ${c.maxLength ?? ""}`;
    case "images":
      return `${c.minItems}..${c.maxItems} ${c.formats?.join(",") ?? ""} ${c.maxBytes ?? ""}`;
    case "mask":
      return `${c.field} ${c.maxBytes ?? ""}`;
    case "fixed":
      return String(c.value);
    default: {
      const never: never = c;
      return never;
    }
  }
}

void main;
void client;
