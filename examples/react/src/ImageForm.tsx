// A form rendered by hand from the control descriptors, one element per control kind.
import type { Control, ControlOption, ControlSet, FieldError, Values } from "nanogpt-image-controls";
import type { Translator } from "./i18n";

interface Props {
  controls: ControlSet;
  values: Values;
  errors: FieldError[];
  setValue(id: string, value: unknown): void;
  tr: Translator;
}

export function ImageForm({ controls, values, errors, setValue, tr }: Props) {
  return (
    <form id="image-form" onSubmit={(e) => e.preventDefault()}>
      {controls.controls.map((control) => {
        const fieldErrors = errors.filter((e) => e.id === control.id);
        const id = `ctl-${control.id}`;
        return (
          <div key={control.id} className={control.advanced ? "field advanced" : "field"} data-control={control.id}>
            <label htmlFor={id} id={`${id}-label`}>
              {tr.label(control)}
              {control.required ? " *" : ""}
            </label>
            <Field id={id} control={control} value={values[control.id]} setValue={(v) => setValue(control.id, v)} tr={tr} />
            {control.description ? <small>{control.description}</small> : null}
            {fieldErrors.map((e, i) => (
              <p key={i} className="error" data-key={e.messageKey}>
                {tr.error(e, controls)}
              </p>
            ))}
          </div>
        );
      })}
    </form>
  );
}

interface FieldProps {
  id: string;
  control: Control;
  value: unknown;
  setValue(value: unknown): void;
  tr: Translator;
}

function Field({ id, control, value, setValue, tr }: FieldProps) {
  switch (control.kind) {
    case "text":
      return control.multiline ? (
        <textarea id={id} value={String(value ?? "")} maxLength={control.maxLength} onChange={(e) => setValue(e.target.value)} />
      ) : (
        <input id={id} value={String(value ?? "")} maxLength={control.maxLength} onChange={(e) => setValue(e.target.value)} />
      );
    case "select":
      return (
        <select id={id} value={String(value ?? "")} onChange={(e) => setValue(e.target.value)}>
          {groups(control.options, tr).map(([group, options]) =>
            group === undefined ? (
              options.map((o) => <OptionItem key={o.value} option={o} tr={tr} />)
            ) : (
              <optgroup key={group} label={group}>
                {options.map((o) => (
                  <OptionItem key={o.value} option={o} tr={tr} />
                ))}
              </optgroup>
            ),
          )}
        </select>
      );
    case "radio":
      return (
        <div id={id} role="radiogroup" aria-labelledby={`${id}-label`}>
          {control.options.map((o) => (
            <label key={o.value} className="radio">
              <input type="radio" name={id} value={o.value} checked={value === o.value} onChange={() => setValue(o.value)} />
              {tr.option(o)}
            </label>
          ))}
        </div>
      );
    case "slider":
      return (
        <span>
          <input
            id={id}
            type="range"
            min={control.min}
            max={control.max}
            step={control.step}
            value={Number(value ?? control.default)}
            onChange={(e) => setValue(Number(e.target.value))}
          />
          <output htmlFor={id}>{String(value ?? control.default)}</output>
        </span>
      );
    case "number":
      return (
        <input
          id={id}
          type="number"
          min={control.min}
          max={control.max}
          step={control.step ?? "any"}
          value={value === undefined || value === null ? "" : String(value)}
          onChange={(e) => setValue(e.target.value === "" ? null : Number(e.target.value))}
        />
      );
    case "toggle":
      return <input id={id} type="checkbox" checked={value === true} onChange={(e) => setValue(e.target.checked)} />;
    case "images":
    case "mask":
      return (
        <input
          id={id}
          type="file"
          accept={control.kind === "images" && control.formats ? control.formats.map((f) => `image/${f}`).join(",") : "image/*"}
          multiple={control.kind === "images" && control.maxItems > 1}
          onChange={async (e) => {
            const urls = await Promise.all([...(e.target.files ?? [])].map(dataUrl));
            setValue(control.kind === "mask" ? (urls[0] ?? null) : urls);
          }}
        />
      );
    case "fixed":
      return <output id={id}>{String(control.value)}</output>;
  }
}

function OptionItem({ option, tr }: { option: ControlOption; tr: Translator }) {
  return <option value={option.value}>{tr.option(option)}</option>;
}

/** Consecutive options under one group heading (none when the list does not mix kinds). */
function groups(options: ControlOption[], tr: Translator): [string | undefined, ControlOption[]][] {
  const out: [string | undefined, ControlOption[]][] = [];
  for (const o of options) {
    const group = tr.group(o);
    const last = out[out.length - 1];
    if (last && last[0] === group) last[1].push(o);
    else out.push([group, [o]]);
  }
  return out;
}

function dataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
