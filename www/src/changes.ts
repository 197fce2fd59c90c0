// The notes shown after a model switch, written for the page from each change's `reasonKey`,
// `from`/`to` and `params` (the library's `reason` is a generic English sentence: values as raw
// tokens such as "1024x1024" or `false`). Values read as the form shows them: an option's label,
// on/off, grouped numbers. A key this table does not know falls back to the library's `reason`.
import type { Change, Control, ControlSet } from "nanogpt-image-controls";
import { plain } from "./dom";
import { keepTogether, num } from "./format";

/** A value as the control shows it: an option's label, on/off, a number, a quoted text, a count of images. */
export function shown(control: Control | undefined, value: unknown): string {
  if (control && (control.kind === "select" || control.kind === "radio")) {
    const option = control.options.find((o) => o.value === value);
    if (option) return plain(option.label, 60);
  }
  // A mask (or a single input image) is one data URL: a count, as a list of images reads, not its bytes.
  if ((control?.kind === "mask" || control?.kind === "images") && typeof value === "string") return "1 image";
  if (value === "") return "the provider's default";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") return num(value);
  if (typeof value === "string") return `“${plain(value, 40)}”`;
  if (Array.isArray(value)) return value.length === 1 ? "1 image" : `${num(value.length)} images`;
  return "none";
}

const kept = (n: unknown) => (n === 1 ? "image" : count(n, "image", "images"));
const count = (n: unknown, one: string, many: string) => (n === 1 ? `1 ${one}` : `${typeof n === "number" ? num(n) : String(n)} ${many}`);

/**
 * One change as a short line: `Label: old → new, why`. `from` is the control set the values came
 * from (for a control the new model lacks), `to` the new model's.
 */
export function describeChange(change: Change, from: ControlSet, to: ControlSet): string {
  const before = from.controls.find((c) => c.id === change.id);
  const after = to.controls.find((c) => c.id === change.id);
  const label = plain((after ?? before)?.label ?? change.id, 60);
  const old = shown(before ?? after, change.from);
  const now = shown(after, change.to);
  const { params } = change;
  const key: string = change.reasonKey;
  const text = (() => {
    switch (key) {
      case "change.not_available":
        return `${label}: ${old}`;
      case "change.added_default":
        return `${label}: ${now}, this model's default`;
      case "change.added_provider_default":
        return `${label}: ${now}`;
      case "change.aspect_from_resolution":
        return `${label}: ${now}, the shape of the previous resolution`;
      case "change.closest":
        return `${label}: ${old} → ${now}, the closest this model offers`;
      case "change.respelled":
        return `${label}: ${now}, kept (this model writes it ${shown(undefined, change.to)})`;
      case "change.lowered":
        return `${label}: ${old} → ${now}, the most this model allows`;
      case "change.raised":
        return `${label}: ${old} → ${now}, the least this model allows`;
      case "change.rounded":
        return `${label}: ${old} → ${now}, rounded to this model's steps`;
      case "change.read_as_boolean":
      case "change.read_as_number":
        return `${label}: ${old} → ${now}`;
      case "change.fixed":
        return `${label}: ${old} → ${now}, fixed by this model`;
      case "change.shortened":
        return `${label}: shortened to ${count(params.max, "character", "characters")}, the most this model accepts`;
      case "change.mask_removed":
        return `${label}: removed, it does not fit this model's limits`;
      case "change.images_made_list":
        return `${label}: ${now}, kept`;
      case "change.images_removed":
        return `${label}: ${count(params.removed, "image", "images")} removed, not usable with this model`;
      case "change.images_capped":
        return `${label}: kept the first ${kept(params.kept)}, the most this model takes`;
      case "change.images_removed_capped":
        return `${label}: ${count(params.removed, "image", "images")} removed (not usable with this model); kept the first ${kept(params.kept)}, the most this model takes`;
      case "change.reset":
        return `${label}: ${old} → ${now}, this model's default (the value did not fit)`;
    }
    // change.<why>_<outcome>: a value that could not be kept, and what it became instead.
    const reset = /^change\.(not_on_off|not_text|not_an_option|not_a_number|fixed_before|not_images)_(default|provider_default|none|cleared)$/.exec(key);
    if (reset) {
      const [, why, outcome] = reset;
      const cause =
        why === "not_an_option" ? "not offered by this model" : why === "fixed_before" ? "the previous model fixed it" : "the value does not fit this model";
      if (outcome === "none" || outcome === "cleared") return `${label}: ${old} cleared (${cause})`;
      return `${label}: ${old} → ${now}, this model's default (${cause})`;
    }
    return change.reason;
  })();
  return keepTogether(text);
}
