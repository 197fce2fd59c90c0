// Translating the library's text by its stable keys: control labels (`labelKey`), generated
// option labels and group headings (`labelKey`/`labelParams`, `groupKey`), validation errors
// (`messageKey`/`params`) and migration notes (`reasonKey`/`params`). English needs no table:
// the library's own text is English. Catalog text (a catalog-given label, a description) has
// no key and is shown as it is; so are warnings, which are English only.
import type { Change, Control, ControlOption, ControlSet, FieldError } from "nanogpt-image-controls";

export type Locale = "en" | "de";
type Params = Record<string, string | number | boolean>;

// `change.<why>_<outcome>`: a value that could not be kept, and what it became instead.
const why: Record<string, string> = {
  not_on_off: "„{value}“ ist weder an noch aus",
  not_text: "{value} ist kein Text",
  not_an_option: "„{value}“ gibt es nicht",
  fixed_before: "das vorige Modell gab den Wert fest vor",
  not_a_number: "„{value}“ ist keine Zahl",
  not_images: "der vorige Wert ist keine Bildliste",
};
const outcome: Record<string, string> = {
  default: "; stattdessen der Standardwert, {default}.",
  provider_default: "; stattdessen der Standard des Anbieters.",
  none: "; stattdessen keine.",
  cleared: "; geleert.",
};
const resets = Object.fromEntries(
  Object.entries(why).flatMap(([w, text]) =>
    Object.entries(outcome).map(([o, tail]) => [`change.${w}_${o}`, `{label}: ${text}${tail}`]),
  ),
);

const de: Record<string, string> = {
  "control.prompt": "Bildbeschreibung",
  "control.images_one": "Eingabebild",
  "control.images_other": "Eingabebilder",
  "control.mask": "Maske",
  "control.resolution": "Auflösung",
  "control.aspect_ratio": "Seitenverhältnis",
  "control.n": "Anzahl der Bilder",
  "control.rendering_speed": "Rendergeschwindigkeit",
  "option.provider_default": "Standard des Anbieters",
  "resolution.pixels": "{width} × {height} · {aspect} · {megapixels} MP",
  "resolution.pixels_small": "{width} × {height} · {aspect}",
  "resolution.aspect_square": "{aspect} (quadratisch)",
  "resolution.aspect_landscape": "{aspect} (Querformat)",
  "resolution.aspect_portrait": "{aspect} (Hochformat)",
  "resolution.tier": "{tier}",
  "resolution.auto": "Automatisch",
  "resolution.auto_tier": "Automatisch ({tier})",
  "resolution.scale": "{scale}× hochskaliert",
  "resolution.group.aspect": "Seitenverhältnis",
  "resolution.group.size": "Größe",
  "resolution.group.tier": "Qualitätsstufe",
  "resolution.group.auto": "Automatisch",
  "resolution.group.scale": "Hochskalierung",
  "error.required": "{label} ist erforderlich.",
  "error.required_images": "{label}: mindestens {min} erforderlich.",
  "error.required_mask": "{label}: ein Bild, auf das die Maske angewendet wird, ist erforderlich.",
  "error.too_long": "{label} ist zu lang: {length} von höchstens {max} Zeichen.",
  "error.not_allowed": "{label}: „{value}“ ist keine der Optionen.",
  "error.out_of_range": "{label} muss zwischen {min} und {max} liegen, nicht {value}.",
  "error.out_of_range_min": "{label} muss mindestens {min} sein, nicht {value}.",
  "error.out_of_range_max": "{label} darf höchstens {max} sein, nicht {value}.",
  "error.out_of_range_image_width_min": "{label}: Bild {position} ist {width} Pixel breit, mindestens {min} nötig.",
  "error.out_of_range_image_width_max": "{label}: Bild {position} ist {width} Pixel breit, höchstens {max} erlaubt.",
  "error.out_of_range_image_height_min": "{label}: Bild {position} ist {height} Pixel hoch, mindestens {min} nötig.",
  "error.out_of_range_image_height_max": "{label}: Bild {position} ist {height} Pixel hoch, höchstens {max} erlaubt.",
  "error.not_integer": "{label} muss eine ganze Zahl sein, nicht {value}.",
  "error.wrong_type_text": "{label} muss Text sein.",
  "error.wrong_type_number": "{label} muss eine Zahl sein.",
  "error.wrong_type_boolean": "{label} muss an oder aus sein.",
  "error.wrong_type_option": "{label} muss eine der Optionen sein.",
  "error.wrong_type_images": "{label} muss ein Bild oder eine Liste von Bildern sein.",
  "error.wrong_type_image": "{label} muss ein einzelnes Bild sein.",
  "error.wrong_type_image_item": "{label}: Bild {position} muss eine URL oder ein Bildobjekt sein.",
  "error.too_many_items": "{label}: höchstens {max} erlaubt, nicht {count}.",
  "error.too_large": "{label}: Bild {position} ist zu groß ({bytes} von höchstens {maxBytes} Bytes).",
  "error.bad_format": "{label}: Bild {position} muss {allowed} sein, nicht {format}.",
  "error.bad_format_url": "{label}: Bild {position} ist weder eine Data-URL noch eine http(s)-URL.",
  "error.bad_format_not_image": "{label}: Bild {position} ist kein Bild ({format}).",
  "change.not_available": "{label} gibt es bei diesem Modell nicht.",
  "change.reset": "{label} wurde auf den Standardwert zurückgesetzt: {error}",
  "change.aspect_from_resolution": "{label} auf {to} gesetzt, die Form der vorigen Auflösung.",
  "change.added_default": "{label} auf den Standardwert dieses Modells gesetzt, {default}.",
  "change.added_provider_default": "{label} auf den Standard des Anbieters gesetzt.",
  "change.read_as_boolean": "{label}: „{value}“ als {to} gelesen.",
  "change.fixed": "{label} ist bei diesem Modell fest {to}.",
  "change.mask_removed": "{label} passt nicht zu diesem Modell und wurde entfernt.",
  "change.shortened": "{label} auf {max} Zeichen gekürzt, mehr nimmt dieses Modell nicht.",
  "change.respelled": "{label}: „{value}“ heißt bei diesem Modell {to}.",
  "change.closest": "{label}: „{value}“ gibt es nicht; stattdessen das Nächste, {to}.",
  "change.lowered": "{label} auf {to} gesenkt, mehr erlaubt dieses Modell nicht.",
  "change.raised": "{label} auf {to} erhöht, weniger erlaubt dieses Modell nicht.",
  "change.rounded": "{label} auf {to} gerundet.",
  "change.read_as_number": "{label}: „{value}“ als Zahl {to} gelesen.",
  "change.images_made_list": "{label}: in eine Liste umgewandelt.",
  "change.images_removed": "{label}: {removed} unbrauchbare Bilder entfernt.",
  "change.images_capped": "{label}: die ersten {kept} behalten, mehr nimmt dieses Modell nicht.",
  "change.images_removed_capped": "{label}: {removed} unbrauchbare entfernt, die ersten {kept} behalten.",
  ...resets,
};

const tables: Record<Locale, Record<string, string>> = { en: {}, de };

/** Keys a non-English table lacked (their English text was shown instead). */
export const missingKeys = new Set<string>();

export interface Translator {
  locale: Locale;
  label(control: Control): string;
  option(option: ControlOption): string;
  group(option: ControlOption): string | undefined;
  error(error: FieldError, controls: ControlSet): string;
  change(change: Change, to: ControlSet, from: ControlSet | null): string;
  price(amount: number, currency?: string): string;
}

export function translator(locale: Locale): Translator {
  const table = tables[locale];
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 3, useGrouping: false });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const format = (name: string, value: string | number | boolean) =>
    typeof value !== "number" ? String(value) : name === "megapixels" ? oneDecimal.format(value) : number.format(value);

  /** The text of `key` with `params` filled in, or `english` when the table has no such key. */
  function t(key: string | undefined, params: Params, english: string): string {
    if (locale === "en" || !key) return english;
    const count = params.count;
    const plural = typeof count === "number" ? table[`${key}_${count === 1 ? "one" : "other"}`] : undefined;
    const template = plural ?? table[key];
    if (template === undefined) {
      missingKeys.add(key);
      return english;
    }
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : format(name, value);
    });
  }

  const controlLabel = (set: ControlSet | null, id: string) => {
    const control = set?.controls.find((c) => c.id === id);
    return control ? label(control) : id;
  };
  const label = (c: Control) => t(c.labelKey, c.labelParams ?? {}, c.label);
  const error = (e: FieldError, controls: ControlSet) =>
    t(e.messageKey, { ...e.params, label: controlLabel(controls, e.id) }, e.message);

  return {
    locale,
    label,
    option: (o) => t(o.labelKey, o.labelParams ?? {}, o.label),
    group: (o) => (o.group === undefined ? undefined : t(o.groupKey, {}, o.group)),
    error,
    change(c, to, from) {
      const owner = c.reasonKey === "change.not_available" ? from : to;
      const params: Params = { ...c.params, label: controlLabel(owner, c.id) };
      if (c.reasonKey === "change.reset" && typeof c.params.errorKey === "string") {
        // The nested error: the same key and params a FieldError would carry.
        params.error = t(c.params.errorKey, params, "");
        if (!params.error) return c.reason;
      }
      return t(c.reasonKey, params, c.reason);
    },
    price: (amount, currency = "USD") => {
      try {
        return new Intl.NumberFormat(locale === "en" ? "en-US" : locale, { style: "currency", currency, maximumFractionDigits: 4 }).format(amount);
      } catch {
        return `${amount} ${currency}`; // a code Intl does not know
      }
    },
  };
}

/** A copy of the control set with translated labels, e.g. for `toJsonSchema`. */
export function translateControls(controls: ControlSet, tr: Translator): ControlSet {
  if (tr.locale === "en") return controls;
  const copy: ControlSet = structuredClone(controls);
  for (const c of copy.controls) {
    c.label = tr.label(c);
    if (c.kind === "select" || c.kind === "radio") {
      for (const o of c.options) o.label = tr.option(o);
    }
  }
  return copy;
}
