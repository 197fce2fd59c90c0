// The demo page: catalog → model picker → generated form → live validation, request body and price.
import init, {
  parseCatalog,
  buildRequest,
  defaultValues,
  deriveControls,
  diffCatalogs,
  migrateValues,
  quotePrice,
  validateValues,
  type Catalog,
  type CatalogClient,
  type CatalogDiff,
  type Change,
  type ControlSet,
  type Endpoint,
  type Model,
  type NanoGptError,
  type Values,
} from "nanogpt-image-controls";
import { catalogBase, catalogSource, createCatalogClient, type CatalogSource } from "./catalog";
import { describeChange } from "./changes";
import { renderControl, type Field } from "./controls";
import { byId, h, plain } from "./dom";
import { bodyJson, keepTogether, num, total } from "./format";
import { generate } from "./generate";
import { matches, renderModelItem, type Filters } from "./picker";

const state = {
  catalog: null as Catalog | null,
  model: null as Model | null,
  endpoint: "openai" as Endpoint,
  controls: null as ControlSet | null,
  values: {} as Values,
  /**
   * The model, controls and values the user last edited. Switches carry the values over from
   * here, so browsing the list (arrow keys select each model in turn) or trying the other
   * endpoint loses nothing: coming back gives the values back.
   */
  origin: null as { model: Model; controls: ControlSet; values: Values } | null,
  /**
   * The controls the user set in this visit (on any model). Only these values travel to another
   * model: the others take the new model's defaults, without a note about a value nobody chose.
   */
  edited: new Set<string>(),
  fields: new Map<string, Field>(),
  /**
   * A problem shows, under its field and in the summary, once the field was edited, or for every
   * field after an attempt to generate or to copy the request.
   */
  touched: new Set<string>(),
  submitted: false,
};

const ui = {
  banner: byId("catalog-banner"),
  status: byId("catalog-status"),
  statusDetails: byId<HTMLDetailsElement>("catalog-status-details"),
  warnings: byId<HTMLDetailsElement>("catalog-warnings"),
  refresh: byId<HTMLButtonElement>("refresh"),
  search: byId<HTMLInputElement>("model-search"),
  filters: {
    textToImage: byId<HTMLInputElement>("filter-t2i"),
    imageToImage: byId<HTMLInputElement>("filter-i2i"),
    inpainting: byId<HTMLInputElement>("filter-inpaint"),
    showNsfw: byId<HTMLInputElement>("filter-nsfw"),
  },
  count: byId("model-count"),
  list: byId("model-list"),
  more: byId<HTMLButtonElement>("more-models"),
  migration: byId("migration"),
  form: byId<HTMLFormElement>("generate-form"),
  controls: byId("controls"),
  apiKey: byId<HTMLInputElement>("api-key"),
  keyError: byId("api-key-error"),
  generate: byId<HTMLButtonElement>("generate"),
  price: byId("price"),
  problems: byId("problems"),
  preview: byId("request-preview"),
  result: byId("result"),
};

const base = catalogBase(location.search);
let client: CatalogClient; // created once the wasm module is initialized

// ---------------------------------------------------------------- catalog

function showCatalog(catalog: Catalog, origin: CatalogSource): void {
  state.catalog = catalog;
  const { models, meta } = catalog;
  showBanner(models.length, origin);
  const date = meta.generatedAt ? new Date(meta.generatedAt) : null;
  const generated = date && !Number.isNaN(date.getTime()) ? `, generated ${date.toLocaleDateString("en-US", { dateStyle: "medium" })}` : "";
  ui.status.textContent = `${models.length} models${generated}.`;
  showWarnings(catalog);

  // Keep the chosen model when it still exists (as its new catalog entry), else take the first.
  const wanted = state.model?.id ?? new URLSearchParams(location.search).get("model");
  const next = models.find((m) => m.id === wanted) ?? models[0];
  if (next) selectModel(next);
  renderPicker();
}

/**
 * Where the catalog on screen comes from, when it is not NanoGPT's live catalog: in a sentence a
 * user can act on, with the technical cause folded away. It names the part that failed: the demo
 * server's request to NanoGPT, or this page's request to the demo server.
 */
function showBanner(count: number, origin: CatalogSource): void {
  // Redrawn after every refresh: a Details the user opened stays open.
  const open = ui.banner.querySelector("details")?.open ?? false;
  ui.banner.hidden = origin.source === "live";
  ui.banner.dataset.source = origin.source;
  if (origin.source === "snapshot") {
    const [why, detail] = origin.pageError
      ? ["this page could not get it from its server", `This page's request to its server: ${origin.pageError}`]
      : ["the demo server got no catalog from NanoGPT", `The demo server's request to NanoGPT: ${origin.upstreamError ?? "no reason given"}.`];
    ui.banner.replaceChildren(
      h(
        "p",
        {},
        `The live catalog could not be loaded (${why}). Showing the catalog snapshot bundled with the demo ` +
          `(${num(count)} models); models and prices may be out of date. Use Refresh catalog to try again.`,
      ),
      h("details", { open }, h("summary", {}, "Details"), h("p", {}, detail)),
    );
  } else if (origin.source === "fixture") {
    ui.banner.textContent = `Test catalog from ${base} (${num(count)} models).`;
  }
}

/** What the parser skipped or coerced; worth showing while developing against a live catalog. */
function showWarnings(catalog: Catalog): void {
  const { warnings } = catalog;
  ui.warnings.hidden = warnings.length === 0;
  ui.warnings.replaceChildren(
    h("summary", {}, `${warnings.length} catalog warning${warnings.length === 1 ? "" : "s"}`),
    h("ul", {}, ...warnings.map((w) => h("li", {}, h("code", {}, w.path), ` ${w.message}`))),
  );
}

/** Revalidates the catalog (a conditional request) and says what changed. */
async function refresh(): Promise<void> {
  if (busy(ui.refresh)) return;
  const previous = state.catalog;
  setBusy(ui.refresh, true);
  ui.status.textContent = "Checking the catalog for changes…";
  ui.statusDetails.hidden = true;
  try {
    const update = await client.refresh();
    const { catalog, stale, error } = update;
    if (stale) {
      showFailure((why) => `The catalog could not be refreshed (${why}); the previous one is still in use.`, error);
      return;
    }
    // Against the catalog on screen: the client's own diff is against what it fetched before,
    // which is nothing when the page started from the bundled snapshot.
    const diff = previous ? diffCatalogs(previous, catalog) : update.diff;
    const changed = diff.added.length + diff.removed.length + diff.changed.length > 0;
    const origin = await catalogSource(base);
    if (changed || !previous) showCatalog(catalog, origin);
    else showBanner(catalog.models.length, origin); // the form stays as it is; where the catalog came from may not
    if (previous) ui.status.textContent = describeDiff(diff, previous, catalog);
  } catch (error) {
    showFailure(
      (why) => (previous ? `The catalog could not be refreshed (${why}); the previous one is still in use.` : `The catalog could not be loaded (${why}).`),
      error,
    );
  } finally {
    setBusy(ui.refresh, false);
  }
}

/** A failed catalog request in the status line, in a few words; the library's message under Details. */
function showFailure(sentence: (why: string) => string, error: unknown): void {
  ui.status.textContent = sentence(shortReason(error));
  ui.statusDetails.replaceChildren(h("summary", {}, "Details"), h("p", {}, describeError(error)));
  ui.statusDetails.hidden = false;
}

function shortReason(error: unknown): string {
  const e = error as Partial<NanoGptError> | undefined;
  switch (e?.code) {
    case "network":
      return "the server could not be reached";
    case "timeout":
      return "the server did not answer in time";
    case "rate_limited":
      return "too many requests, try again later";
    case "unauthorized":
    case "http":
      return `the server answered HTTP ${e.status ?? "with an error"}`;
    case "invalid_json":
    case "invalid_catalog":
      return "the answer was no catalog";
    default:
      return "an unexpected error";
  }
}

function describeError(error: unknown): string {
  const e = error as Partial<NanoGptError> | undefined;
  return e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? error);
}

const DIFF_NAMES = 5;

function describeDiff(diff: CatalogDiff, before: Catalog, after: Catalog): string {
  // At most DIFF_NAMES names per kind: a catalog that grew by hundreds would bury the page.
  const names = (catalog: Catalog, ids: string[]) => {
    const byId = new Map(catalog.models.map((m) => [m.id, m.name]));
    const listed = ids.slice(0, DIFF_NAMES).map((id) => plain(byId.get(id) ?? id));
    return ids.length > DIFF_NAMES ? `${listed.join(", ")} and ${num(ids.length - DIFF_NAMES)} more` : listed.join(", ");
  };
  const parts = [
    diff.added.length && `${num(diff.added.length)} added (${names(after, diff.added)})`,
    diff.removed.length && `${num(diff.removed.length)} removed (${names(before, diff.removed)})`,
    diff.changed.length && `${num(diff.changed.length)} changed (${names(after, diff.changed)})`,
  ].filter(Boolean);
  return parts.length ? `Catalog refreshed: ${parts.join("; ")}.` : "Catalog refreshed: no changes.";
}

// ---------------------------------------------------------------- picker

function filters(): Filters {
  return {
    query: ui.search.value,
    textToImage: ui.filters.textToImage.checked,
    imageToImage: ui.filters.imageToImage.checked,
    inpainting: ui.filters.inpainting.checked,
    showNsfw: ui.filters.showNsfw.checked,
  };
}

// The list shows at most this many models (and the selected one): a catalog of thousands would
// otherwise rebuild thousands of items on every keystroke of the search.
const LIST_LIMIT = 200;

// In one column (a phone, a narrow window) the list is no scroll box inside the scrolling page:
// it flows with the page, LIST_PAGE models at a time, so that the form below is not thousands of
// pixels away. "Show more" adds a page; a new search or filter starts again at one page.
const oneColumn = matchMedia("(max-width: 1100px)");
const LIST_PAGE = 8;
let listPages = 1;

/** A new search or filter: the list starts again at one page. */
function searchPicker(): void {
  listPages = 1;
  renderPicker();
}

/**
 * The matching models, at most LIST_LIMIT of them (a page or a few in one column), and the
 * selected model in its catalog place even when the search, the filters or the limit would hide
 * it: the list always shows what the form is built for.
 */
function renderPicker(): void {
  const models = state.catalog?.models ?? [];
  const wanted = filters();
  const limit = oneColumn.matches ? Math.min(LIST_LIMIT, listPages * LIST_PAGE) : LIST_LIMIT;
  const selected = state.model ? models.find((m) => m.id === state.model?.id) : undefined;
  let matching = 0;
  let selectedMatches = false;
  const listed: Model[] = [];
  for (const m of models) {
    const hit = matches(m, wanted);
    if (hit) matching++;
    if (m === selected) selectedMatches = hit;
    if ((hit && matching <= limit) || m === selected) listed.push(m);
  }
  // A redraw (a zoom into one column, a refresh) would drop the focus of a model in the list on
  // the page's body: it goes back to the same model, or the selected one if that one left the list.
  const focused = ui.list.contains(document.activeElement) ? (document.activeElement as HTMLInputElement).value : null;
  ui.list.replaceChildren(...listed.map((m) => renderModelItem(m, m === selected, selectModel, m === selected && !selectedMatches)));
  if (focused !== null) {
    const radios = [...ui.list.querySelectorAll("input")];
    (radios.find((r) => r.value === focused) ?? radios.find((r) => r.checked))?.focus();
  }
  const shown = listed.length - (selected && !selectedMatches ? 1 : 0);
  const extra = selected && !selectedMatches ? ", and the selected model, which does not match" : "";
  ui.count.textContent =
    matching > shown
      ? `Showing ${shown} of ${matching} matching models (${models.length} in all)${extra}: search to narrow the list.`
      : `Showing ${matching} of ${models.length} models${extra}.`;
  const more = Math.min(LIST_PAGE, matching - shown, LIST_LIMIT - limit);
  ui.more.hidden = !oneColumn.matches || more <= 0;
  ui.more.textContent = `Show ${more} more model${more === 1 ? "" : "s"}`;
}

/**
 * "Show more": a page more, and the focus on the first model it added. The button hides once the
 * list is complete, which would drop the focus on the page's body; and the new models are where
 * the user wanted to go (Tab from there reaches the button again).
 */
function showMoreModels(): void {
  const before = new Set([...ui.list.querySelectorAll<HTMLElement>("li")].map((li) => li.dataset.modelId));
  listPages++;
  renderPicker();
  const added = [...ui.list.querySelectorAll<HTMLElement>("li")].find((li) => !before.has(li.dataset.modelId));
  added?.querySelector("input")?.focus();
}

// ---------------------------------------------------------------- form

/** Shows `model`'s controls, carrying the values over; `why` names a switch that is not a model's. */
function selectModel(model: Model, why?: string): void {
  const current = state.model && state.controls ? { model: state.model, controls: state.controls, values: state.values } : null;
  const from = state.origin ?? current;
  const controls = deriveControls(model, { endpoint: state.endpoint });
  let changes: Change[] = [];
  if (from) {
    const chosen = Object.fromEntries(Object.entries(from.values).filter(([id]) => state.edited.has(id)));
    const migrated = migrateValues(from.controls, controls, chosen);
    state.values = migrated.values;
    changes = migrated.changes;
  } else {
    state.values = defaultValues(controls);
  }
  state.model = model;
  state.controls = controls;
  renderForm();
  if (from && (from.model.id !== model.id || changes.length)) {
    showMigration(from, { model, controls }, changes, why ?? switchedText(current?.model ?? from.model, from.model, model));
  } else {
    ui.migration.hidden = true;
  }
  update();
}

function setEndpoint(endpoint: Endpoint): void {
  state.endpoint = endpoint;
  // The same controls, with the other endpoint's field names and limits.
  const name = endpoint === "images" ? "Image API" : "OpenAI-compatible";
  if (state.model) selectModel(state.model, `Switched to the ${name} endpoint.`);
}

/**
 * What a switch from `shown` (the model on screen) to `next` was, when the values came from
 * `edited` (the model last edited, which browsing other models does not change).
 */
function switchedText(shown: Model, edited: Model, next: Model): string | undefined {
  if (shown.id === next.id) return undefined; // the same model, changed in the catalog
  const switched = `Switched from ${plain(shown.name)} to ${plain(next.name)}`;
  return edited.id === shown.id || edited.id === next.id ? `${switched}.` : `${switched}, with the values you last edited on ${plain(edited.name)}.`;
}

function showMigration(from: { model: Model; controls: ControlSet }, to: { model: Model; controls: ControlSet }, changes: Change[], why?: string): void {
  const what = why ?? `${plain(to.model.name)} changed in the catalog.`;
  // The default of an advanced control the old model lacked, which the user never touched, tells
  // them nothing (a model with many such controls listed them all): folded away, counted.
  const quiet = (c: Change) =>
    c.reasonKey.startsWith("change.added_") && !state.edited.has(c.id) && to.controls.controls.some((k) => k.id === c.id && k.advanced);
  const told = changes.filter((c) => !quiet(c));
  const folded = changes.filter(quiet);
  const list = (items: Change[]) => h("ul", {}, ...items.map((c) => h("li", { "data-change": c.id }, describeChange(c, from.controls, to.controls))));
  // `told` mixes adjusted values, values the new model cannot take, and new controls' values.
  const groups: [string, Change[]][] = [
    ["Adjusted", told.filter((c) => c.from != null && c.to != null)],
    ["Not available", told.filter((c) => c.from != null && c.to == null)],
    ["New for this model", told.filter((c) => c.from == null)],
  ];
  ui.migration.hidden = false;
  ui.migration.replaceChildren(
    h("p", {}, `${what}${told.length ? "" : " All values carried over."}`),
    ...groups.filter(([, items]) => items.length).map(([title, items]) => h("div", { class: "change-group" }, h("p", { class: "change-title" }, title), list(items))),
  );
  if (folded.length) {
    const summary = `${folded.length} advanced setting${folded.length === 1 ? "" : "s"} at this model's defaults`;
    ui.migration.append(h("details", {}, h("summary", {}, summary), list(folded)));
  }
}

function renderForm(): void {
  const controls = state.controls?.controls ?? [];
  const wasOpen = ui.controls.querySelector("details")?.open ?? false;
  state.fields.clear();
  state.touched.clear();
  state.submitted = false;
  const basic: Node[] = [];
  const advanced: Node[] = [];
  for (const control of controls) {
    const field = renderControl(control, state.values[control.id], onValue);
    state.fields.set(control.id, field);
    (control.advanced ? advanced : basic).push(field.root);
  }
  if (advanced.length) {
    basic.push(h("details", { class: "advanced", open: wasOpen }, h("summary", {}, `Advanced (${advanced.length})`), ...advanced));
  }
  ui.controls.replaceChildren(...basic);
}

function onValue(id: string, value: unknown): void {
  if (value === undefined) delete state.values[id];
  else state.values[id] = value;
  if (state.model && state.controls) state.origin = { model: state.model, controls: state.controls, values: { ...state.values } };
  state.touched.add(id);
  state.edited.add(id);
  update();
}

/** Validation, request body and price, recomputed on every edit. */
function update(): void {
  const { model, controls, values, endpoint } = state;
  if (!model || !controls) return;
  // A problem shows (under its field and in the summary) once the user edited that field or
  // tried to send or copy the request: nobody is told off, nor a screen reader interrupted, for
  // a form they have not touched. A mask without an image is an error on `images` that editing
  // the mask brings about.
  const shown = validateValues(controls, values).filter(
    (e) => state.submitted || state.touched.has(e.id) || (e.messageKey === "error.required_mask" && state.touched.has("mask")),
  );
  for (const [id, field] of state.fields) field.setError(shown.find((e) => e.id === id)?.message ?? null);

  // Live regions are redrawn only when what they say changes: a screen reader would announce
  // them again on every keystroke otherwise.
  const problems = shown.map((e) => `${e.id}\n${e.message}`).join("\n");
  if (ui.problems.dataset.said !== problems) {
    ui.problems.dataset.said = problems;
    ui.problems.replaceChildren(
      ...(shown.length
        ? [
            h("p", {}, `${shown.length} problem${shown.length === 1 ? "" : "s"} to fix before sending:`),
            h("ul", {}, ...shown.map((e) => h("li", {}, focusButton(e.id, keepTogether(e.message))))),
          ]
        : []),
    );
  }

  const built = buildRequest(model, values, { endpoint });
  ui.preview.dataset.ok = String(built.ok);
  ui.preview.textContent = built.ok
    ? bodyJson(built.body)
    : shown.length
      ? "The request body appears here once the problems above are fixed."
      : "The request body appears here once the form is complete.";
  if (built.dropped.length) ui.preview.append(`\n\n// not sent (this model has no such control): ${built.dropped.join(", ")}`);

  const price = `Estimated price: ${total(quotePrice(model, values))}`;
  if (ui.price.textContent !== price) ui.price.textContent = price;
}

function focusButton(id: string, text: string): HTMLButtonElement {
  const button = h("button", { type: "button", class: "link" }, text);
  button.addEventListener("click", () => focusField(id));
  return button;
}

/** Moves the focus to a field, opening the Advanced section it is folded in: a closed one's fields take no focus. */
function focusField(id: string): void {
  const target = state.fields.get(id)?.focusTarget;
  const folded = target?.closest("details");
  if (folded) folded.open = true;
  target?.focus();
}

// ---------------------------------------------------------------- generate

async function onSubmit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const { model, controls, values, endpoint } = state;
  if (!model || !controls || busy(ui.generate)) return;
  state.submitted = true;
  update();
  const built = buildRequest(model, values, { endpoint });
  if (!built.ok) {
    const first = built.errors[0];
    if (first) focusField(first.id);
    return;
  }
  const apiKey = ui.apiKey.value.trim(); // read when needed; kept nowhere else
  keyMissing(!apiKey);
  if (!apiKey) {
    ui.apiKey.focus();
    return;
  }
  setBusy(ui.generate, true);
  ui.result.setAttribute("aria-busy", "true");
  ui.result.replaceChildren(h("p", {}, `Generating with ${model.name}…`));
  // In one column the result is below the request preview, screens away from Generate.
  const { top, bottom } = ui.result.getBoundingClientRect();
  if (top > innerHeight || bottom < 0) ui.result.scrollIntoView({ block: "start" });
  const outcome = await generate(endpoint, built.body, apiKey);
  setBusy(ui.generate, false);
  ui.result.removeAttribute("aria-busy");
  if (!outcome.ok) {
    ui.result.replaceChildren(
      h("p", { class: "error", role: "alert" }, `Generation failed${outcome.status ? ` (HTTP ${outcome.status})` : ""}: ${outcome.message}`),
    );
    return;
  }
  ui.result.replaceChildren(
    ...outcome.images.map((src, i) =>
      h("figure", {}, h("img", { src, alt: `Generated image ${i + 1} for the prompt` }), h("figcaption", {}, h("a", { href: src, download: `image-${i + 1}` }, `Download image ${i + 1}`))),
    ),
  );
}

/** "Enter your key", under the key field, where Generate put the focus (the result may be screens away). */
function keyMissing(missing: boolean): void {
  ui.keyError.hidden = !missing;
  ui.apiKey.setAttribute("aria-describedby", missing ? "api-key-hint api-key-error" : "api-key-hint");
  if (missing) ui.apiKey.setAttribute("aria-invalid", "true");
  else ui.apiKey.removeAttribute("aria-invalid");
}

/**
 * A button whose action is running: unavailable (aria-disabled), not `disabled`, which would take
 * the keyboard focus from it and leave it on the page's body, so that a keyboard or screen reader
 * user pressing Refresh or Generate would lose their place.
 */
function setBusy(button: HTMLButtonElement, on: boolean): void {
  if (on) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

function busy(button: HTMLButtonElement): boolean {
  return button.getAttribute("aria-disabled") === "true";
}

// ---------------------------------------------------------------- start

/** The catalog snapshot bundled with the page (`public/catalog-snapshot.json`), or null. */
async function bundledSnapshot(): Promise<Catalog | null> {
  try {
    const response = await fetch(new URL("catalog-snapshot.json", document.baseURI));
    // Icon paths resolve as the client resolves them (against this origin), so that the same
    // catalog read both ways has the same models (a refresh compares them).
    return response.ok ? parseCatalog(await response.text(), { baseUrl: location.origin }) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  await init();
  client = createCatalogClient(base);
  ui.search.addEventListener("input", searchPicker);
  for (const box of Object.values(ui.filters)) box.addEventListener("change", searchPicker);
  oneColumn.addEventListener("change", renderPicker);
  ui.more.addEventListener("click", showMoreModels);
  ui.refresh.addEventListener("click", () => void refresh());
  ui.form.addEventListener("submit", (event) => void onSubmit(event));
  ui.apiKey.addEventListener("input", () => {
    if (!ui.keyError.hidden) keyMissing(!ui.apiKey.value.trim());
  });
  // Copying the placeholder instead of a request: say what is missing, as Generate does.
  ui.preview.addEventListener("copy", () => {
    if (ui.preview.dataset.ok === "true" || state.submitted) return;
    state.submitted = true;
    update();
  });
  for (const radio of ui.form.querySelectorAll<HTMLInputElement>('input[name="endpoint"]')) {
    radio.addEventListener("change", () => radio.checked && setEndpoint(radio.value as Endpoint));
  }
  ui.status.textContent = "Loading the catalog…";
  try {
    const catalog = await client.get();
    showCatalog(catalog, await catalogSource(base));
  } catch (error) {
    // No demo server (the built page on a static host) or an answer that is no catalog: the
    // snapshot bundled next to the page, if there is one.
    const snapshot = await bundledSnapshot();
    if (snapshot) showCatalog(snapshot, { source: "snapshot", pageError: describeError(error) });
    else showFailure((why) => `The catalog could not be loaded (${why}).`, error);
  }
  document.body.dataset.ready = "true";
}

void main();
