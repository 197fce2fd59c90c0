// One native, labelled HTML field per control descriptor of `deriveControls`.
// Every catalog string (labels, option labels, descriptions, values) is set as text or as an
// attribute value, never parsed as HTML.
import type { Control, ControlOption } from "nanogpt-image-controls";
import { domId, h } from "./dom";
import { bytes, keepTogether, money, num } from "./format";

export type OnValue = (id: string, value: unknown) => void;

export interface Field {
  control: Control;
  root: HTMLElement;
  /** What keyboard focus goes to when the field has an error. */
  focusTarget: HTMLElement;
  setError(message: string | null): void;
}

type Kind<K extends Control["kind"]> = Extract<Control, { kind: K }>;

export function renderControl(control: Control, value: unknown, onValue: OnValue): Field {
  const ids = {
    input: domId("ctl", control.id),
    hint: domId("hint", control.id),
    error: domId("err", control.id),
  };
  const error = h("p", { id: ids.error, class: "error", hidden: true });
  const hint = h("p", { id: ids.hint, class: "hint" }, ...hintText(control));
  const body = renderInput(control, value, onValue, ids);
  const describedBy = body.describe ?? body.focusTarget;

  const root = h(
    "div",
    { class: `field field-${control.kind}`, "data-control": control.id },
    ...body.nodes,
    hint.textContent ? hint : null,
    error,
  );
  const baseDescription = [hint.textContent ? ids.hint : null, ...(body.extraDescribedBy ?? [])].filter(Boolean).join(" ");
  if (baseDescription) describedBy.setAttribute("aria-describedby", baseDescription);

  return {
    control,
    root,
    focusTarget: body.focusTarget,
    setError(message) {
      error.textContent = message ? keepTogether(message) : "";
      error.hidden = !message;
      describedBy.setAttribute("aria-describedby", [baseDescription, message ? ids.error : ""].filter(Boolean).join(" "));
      if (!describedBy.getAttribute("aria-describedby")) describedBy.removeAttribute("aria-describedby");
      for (const input of root.querySelectorAll("input, select, textarea")) {
        if (message) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    },
  };
}

interface Ids {
  input: string;
  hint: string;
  error: string;
}

interface Rendered {
  nodes: Node[];
  focusTarget: HTMLElement;
  /** The element that carries aria-describedby (the fieldset for radio groups). */
  describe?: HTMLElement;
  extraDescribedBy?: string[];
}

function renderInput(control: Control, value: unknown, onValue: OnValue, ids: Ids): Rendered {
  switch (control.kind) {
    case "select":
      return select(control, value, onValue, ids);
    case "radio":
      return radio(control, value, onValue, ids);
    case "slider":
      return slider(control, value, onValue, ids);
    case "number":
      return number(control, value, onValue, ids);
    case "toggle":
      return toggle(control, value, onValue, ids);
    case "text":
      return text(control, value, onValue, ids);
    case "images":
      return files(control, value, onValue, ids, true);
    case "mask":
      return files(control, value, onValue, ids, false);
    case "fixed":
      return fixed(control, ids);
  }
}

function label(control: Control, forId: string): HTMLLabelElement {
  return h("label", { for: forId }, control.label, control.required ? h("span", { class: "required" }, " (required)") : null);
}

function optionText(option: ControlOption): string {
  return option.price === undefined ? option.label : `${option.label} — ${money(option.price)}`;
}

/**
 * On a phone, a closed select has room for little more than an option's label ("1344 × 768 ·
 * ≈16:9 · 1.0 MP — $0.0…"): there, priced options show their label only, and the chosen
 * option's price stands beside the field's label (it does at every width).
 */
const narrow = matchMedia("(max-width: 480px)");
narrow.addEventListener("change", () => {
  for (const option of document.querySelectorAll<HTMLOptionElement>("option[data-short]")) {
    option.text = (narrow.matches ? option.dataset.short : option.dataset.full) ?? option.text;
  }
});

function select(control: Kind<"select">, value: unknown, onValue: OnValue, ids: Ids): Rendered {
  const el = h("select", { id: ids.input, required: control.required });
  const known = control.options.some((o) => o.value === value);
  if (!known) el.append(h("option", { value: "" }, control.required ? "Choose…" : "Provider default"));
  let parent: HTMLSelectElement | HTMLOptGroupElement = el;
  for (const option of control.options) {
    if ((option.group ?? null) !== (parent instanceof HTMLOptGroupElement ? parent.label : null)) {
      parent = option.group ? el.appendChild(h("optgroup", { label: option.group })) : el;
    }
    const full = optionText(option);
    const short = option.price !== undefined && option.label;
    parent.append(h("option", { value: option.value, "data-full": short && full, "data-short": short }, short && narrow.matches ? short : full));
  }
  el.value = known ? String(value) : "";
  // The chosen option's price, beside the label (and in the select's description).
  const price = control.options.some((o) => o.price !== undefined) ? h("span", { id: `${ids.input}_price`, class: "option-price" }) : null;
  const showPrice = () => {
    const chosen = control.options.find((o) => o.value === el.value)?.price;
    if (price) price.textContent = chosen === undefined ? "" : `${money(chosen)} per image`;
  };
  showPrice();
  el.addEventListener("change", () => {
    showPrice();
    onValue(control.id, el.value === "" ? undefined : el.value);
  });
  return price
    ? { nodes: [h("div", { class: "label-row" }, label(control, ids.input), price), el], focusTarget: el, extraDescribedBy: [price.id] }
    : { nodes: [label(control, ids.input), el], focusTarget: el };
}

function radio(control: Kind<"radio">, value: unknown, onValue: OnValue, ids: Ids): Rendered {
  const legend = h("legend", {}, control.label, control.required ? h("span", { class: "required" }, " (required)") : null);
  const fieldset = h("fieldset", { class: "radio-group", id: ids.input }, legend);
  // No default (an inferred list the catalog states none for): the provider decides until the
  // user picks, and this lets the user go back to that.
  if (control.default === null && !control.required) {
    const input = h("input", { type: "radio", name: ids.input, id: `${ids.input}_none`, value: "" });
    input.checked = !control.options.some((o) => o.value === value);
    input.addEventListener("change", () => input.checked && onValue(control.id, undefined));
    fieldset.append(h("label", { for: input.id }, input, " ", "Provider default"));
  }
  control.options.forEach((option, i) => {
    const input = h("input", { type: "radio", name: ids.input, id: `${ids.input}_o${i}`, value: option.value });
    input.checked = option.value === value;
    input.addEventListener("change", () => input.checked && onValue(control.id, option.value));
    fieldset.append(h("label", { for: input.id }, input, " ", optionText(option)));
  });
  const first = fieldset.querySelector<HTMLInputElement>("input:checked") ?? fieldset.querySelector("input")!;
  return { nodes: [fieldset], focusTarget: first, describe: fieldset };
}

const PROVIDER_DEFAULT = "Provider default";

function slider(control: Kind<"slider">, value: unknown, onValue: OnValue, ids: Ids): Rendered {
  const current = typeof value === "number" ? value : control.default;
  const el = h("input", { type: "range", id: ids.input, min: control.min, max: control.max, step: control.step });
  el.value = String(current);
  // The slider says its own value (`aria-valuetext` when unset); an `<output>` is a live region
  // of its own and would say it a second time.
  const output = h("output", { for: ids.input, id: `${ids.input}_out`, "aria-live": "off" }, String(current));
  const row = h("div", { class: "slider" }, el, output);
  let reset: HTMLButtonElement | null = null;
  // No stated default (`providerDefault`): the slider only starts at `default`; the provider
  // decides until the user moves it, and a button goes back to that.
  const showUnset = (unset: boolean) => {
    row.classList.toggle("unset", unset);
    if (unset) {
      el.value = String(control.default);
      el.setAttribute("aria-valuetext", PROVIDER_DEFAULT);
    } else el.removeAttribute("aria-valuetext");
    output.textContent = unset ? PROVIDER_DEFAULT : el.value;
    if (reset) reset.hidden = unset;
  };
  if (control.providerDefault) {
    reset = h("button", { type: "button", class: "link" }, "Use provider default");
    reset.addEventListener("click", () => {
      showUnset(true);
      onValue(control.id, undefined);
      el.focus();
    });
    row.append(reset);
    showUnset(typeof value !== "number");
  }
  el.addEventListener("input", () => {
    showUnset(false);
    onValue(control.id, Number(el.value));
  });
  return { nodes: [label(control, ids.input), row], focusTarget: el };
}

function number(control: Kind<"number">, value: unknown, onValue: OnValue, ids: Ids): Rendered {
  const el = h("input", {
    type: "number",
    id: ids.input,
    min: control.min,
    max: control.max,
    step: control.step ?? "any",
    required: control.required,
  });
  el.value = typeof value === "number" ? String(value) : "";
  // A half-typed number ("1e") reads as "" with `badInput` set: hand validation something that
  // is not a number, so the field shows an error instead of silently dropping the value.
  el.addEventListener("input", () =>
    onValue(control.id, el.validity.badInput ? el.value || "?" : el.value === "" ? undefined : Number(el.value)),
  );
  return { nodes: [label(control, ids.input), el], focusTarget: el };
}

function toggle(control: Kind<"toggle">, value: unknown, onValue: OnValue, ids: Ids): Rendered {
  // No stated default (`providerDefault`): on, off, or left to the provider, as a radio group.
  if (control.providerDefault) {
    const fieldset = h("fieldset", { class: "radio-group", id: ids.input }, h("legend", {}, control.label));
    const states: [string, boolean | undefined][] = [[PROVIDER_DEFAULT, undefined], ["On", true], ["Off", false]];
    states.forEach(([text, state], i) => {
      const input = h("input", { type: "radio", name: ids.input, id: `${ids.input}_s${i}`, value: String(state ?? "") });
      input.checked = state === undefined ? typeof value !== "boolean" : value === state;
      input.addEventListener("change", () => input.checked && onValue(control.id, state));
      fieldset.append(h("label", { for: input.id }, input, " ", text));
    });
    const first = fieldset.querySelector<HTMLInputElement>("input:checked") ?? fieldset.querySelector("input")!;
    return { nodes: [fieldset], focusTarget: first, describe: fieldset };
  }
  const el = h("input", { type: "checkbox", id: ids.input });
  el.checked = value === true;
  el.addEventListener("change", () => onValue(control.id, el.checked));
  return { nodes: [h("label", { for: ids.input, class: "toggle" }, el, " ", control.label)], focusTarget: el };
}

function text(control: Kind<"text">, value: unknown, onValue: OnValue, ids: Ids): Rendered {
  const el = control.multiline
    ? h("textarea", { id: ids.input, rows: 4, required: control.required })
    : h("input", { type: "text", id: ids.input, required: control.required });
  el.value = typeof value === "string" ? value : "";
  const countId = `${ids.input}_len`;
  const counter = h("span", { id: countId, class: "counter" });
  const count = () => {
    // The catalog says how a provider counts (code points are the usual unit), and whether it
    // trims leading and trailing whitespace first.
    const counted = control.trimWhitespace ? el.value.trim() : el.value;
    const used = control.lengthUnit === "utf16_code_units" ? counted.length : [...counted].length;
    counter.textContent = control.maxLength ? `${num(used)} / ${num(control.maxLength)} characters` : `${num(used)} characters`;
    counter.classList.toggle("over", control.maxLength !== undefined && used > control.maxLength);
  };
  count();
  el.addEventListener("input", () => {
    count();
    onValue(control.id, el.value === "" ? undefined : el.value);
  });
  return {
    nodes: [h("div", { class: "label-row" }, label(control, ids.input), counter), el],
    focusTarget: el,
    extraDescribedBy: [countId],
  };
}

function fixed(control: Kind<"fixed">, ids: Ids): Rendered {
  const el = h("input", { type: "text", id: ids.input, readonly: true, value: String(control.value) });
  return { nodes: [label(control, ids.input), el], focusTarget: el };
}

/** Input images (several) or an inpainting mask (one), read as data URLs. */
function files(
  control: Kind<"images"> | Kind<"mask">,
  value: unknown,
  onValue: OnValue,
  ids: Ids,
  several: boolean,
): Rendered {
  const formats = control.kind === "images" ? control.formats : undefined;
  const maxItems = control.kind === "images" ? control.maxItems : 1;
  const accept = formats?.length ? formats.flatMap((f) => [`image/${f}`, `.${f}`]).join(",") : "image/*";
  const adds = several && maxItems > 1;
  // The native input is emptied after each pick (picks add up, and a file can be picked again),
  // so it would say "No file chosen" beside the chosen images: a button stands in for it, as the
  // field's one control (focused, labelled, described by the count), and opens it; the input is
  // visually hidden and out of the tab order and the accessibility tree. The button's name is the
  // field's label and its own text ("Input images Add images…"): what it is for, and what it says.
  const labelId = `${ids.input}_label`;
  const el = h("input", { type: "file", id: `${ids.input}_picker`, accept, multiple: adds, class: "visually-hidden", tabindex: -1, "aria-hidden": "true" });
  const choose = h(
    "button",
    { type: "button", id: ids.input, class: "choose", "aria-labelledby": `${labelId} ${ids.input}` },
    adds ? "Add images…" : several ? "Choose an image…" : "Choose a mask…",
  );
  choose.addEventListener("click", () => el.click());
  const chosen = h("span", { id: `${ids.input}_chosen`, class: "chosen" });
  let current: string[] = several ? (Array.isArray(value) ? value.filter((v) => typeof v === "string") : []) : typeof value === "string" ? [value] : [];
  const list = h("ul", { class: "thumbs", "aria-label": `${control.label}: selected files` });

  const commit = () => {
    onValue(control.id, several ? (current.length ? [...current] : undefined) : current[0]);
    drawList();
  };
  const drawList = () => {
    const what = several ? "image" : "mask";
    chosen.textContent = `${current.length || "No"} ${what}${current.length > 1 ? "s" : ""} chosen`;
    list.hidden = current.length === 0; // an empty list is no news
    // A field that takes one image says "Remove image", as it says "Remove mask"; the number
    // only where there are several to tell apart.
    const numbered = maxItems > 1 || current.length > 1;
    list.replaceChildren(
      ...current.map((url, i) => {
        const remove = h("button", { type: "button", class: "link" }, `Remove ${several ? `image${numbered ? ` ${i + 1}` : ""}` : "mask"}`);
        remove.addEventListener("click", () => {
          current = current.filter((_, j) => j !== i);
          commit();
          choose.focus();
        });
        return h("li", {}, h("img", { src: url, alt: numbered ? `${control.label} ${i + 1}` : control.label, width: 64, height: 64 }), remove);
      }),
    );
  };
  drawList();

  el.addEventListener("change", async () => {
    const picked = await Promise.all([...(el.files ?? [])].map(readAsDataUrl));
    el.value = ""; // the same file can be picked again
    // Add to the list (replace when only one is allowed). Keep everything picked: validation
    // says when there are too many, or a file is too large or in the wrong format.
    current = several && maxItems > 1 ? [...current, ...picked] : picked;
    commit();
  });
  const title = label(control, ids.input);
  title.id = labelId;
  return { nodes: [title, h("div", { class: "file-picker" }, el, choose, chosen), list], focusTarget: choose, extraDescribedBy: [chosen.id] };
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener("load", () => resolve(String(reader.result)));
    reader.addEventListener("error", () => reject(reader.error));
    reader.readAsDataURL(file);
  });
}

/** The short help line under a field, from the descriptor's constraints. */
function hintText(control: Control): string[] {
  const parts: string[] = [];
  if (control.description) parts.push(control.description);
  switch (control.kind) {
    case "slider":
      parts.push(`${num(control.min)}–${num(control.max)}`);
      break;
    case "number":
      if (control.min !== undefined && control.max !== undefined) parts.push(`${num(control.min)}–${num(control.max)}`);
      else if (control.min !== undefined) parts.push(`At least ${num(control.min)}`);
      else if (control.max !== undefined) parts.push(`At most ${num(control.max)}`);
      break;
    case "images": {
      const { minItems: min, maxItems: max } = control;
      const limits = [max === 1 ? "One image" : min === max ? `Exactly ${max} images` : `Up to ${max} images`];
      if (min > 0 && min < max) limits.push(`at least ${min}`);
      if (control.formats?.length) limits.push(control.formats.map((f) => f.toUpperCase()).join(", "));
      if (control.maxBytes) limits.push(`max ${bytes(control.maxBytes)}${control.maxItems === 1 ? "" : " each"}`);
      parts.push(limits.join(" · "));
      break;
    }
    case "mask":
      parts.push(control.maxBytes ? `White marks the area to repaint · max ${bytes(control.maxBytes)}` : "White marks the area to repaint.");
      break;
    case "fixed":
      parts.push("Fixed by this model.");
      break;
  }
  // A description that ends a sentence is followed by the limits as by another one.
  const text = parts.reduce((all, part) => (all ? `${all}${/[.!?]$/.test(all) ? " " : " — "}${part}` : part), "");
  return text ? [keepTogether(text)] : [];
}
