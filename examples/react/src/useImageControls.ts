// A React hook around nanogpt-image-controls: load a catalog once, pick a model, keep the form
// values, and derive everything else (errors, request body, price) from them.
import { useCallback, useEffect, useMemo, useState } from "react";
import init, {
  buildRequest,
  defaultValues,
  deriveControls,
  migrateValues,
  quotePrice,
  validateValues,
  type BuildResult,
  type Catalog,
  type Change,
  type ControlSet,
  type FieldError,
  type Model,
  type PriceQuote,
  type Values,
} from "nanogpt-image-controls";

export interface ImageControls {
  status: "loading" | "ready" | "error";
  error: Error | null;
  models: Model[];
  model: Model | null;
  controls: ControlSet | null;
  values: Values;
  errors: FieldError[];
  request: BuildResult | null;
  quote: PriceQuote | null;
  /** What the last model switch changed, and the controls it switched from (for their labels). */
  changes: Change[];
  previousControls: ControlSet | null;
  /** Switches model, carrying the values over with `migrateValues`. */
  setModel(id: string): void;
  setValue(id: string, value: unknown): void;
}

interface FormState {
  model: Model;
  controls: ControlSet;
  values: Values;
  changes: Change[];
  previousControls: ControlSet | null;
}

/**
 * `load` returns the catalog: `() => new CatalogClient().get()` in an app, a bundled snapshot
 * here. Pass a stable function (module-level or `useCallback`): a new one reloads.
 */
export function useImageControls(load: () => Promise<Catalog>, initialModelId?: string): ImageControls {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [form, setForm] = useState<FormState | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      await init(); // browsers: instantiates the wasm once; later calls return at once
      const loaded = await load();
      if (!live) return;
      const model = loaded.models.find((m) => m.id === initialModelId) ?? loaded.models[0];
      setCatalog(loaded);
      if (!model) throw new Error("the catalog lists no models");
      const controls = deriveControls(model);
      setForm({ model, controls, values: defaultValues(controls), changes: [], previousControls: null });
    })().catch((e: unknown) => {
      if (live) setError(e instanceof Error ? e : new Error(String(e)));
    });
    return () => {
      live = false;
    };
  }, [load, initialModelId]);

  const setModel = useCallback(
    (id: string) =>
      setForm((prev) => {
        const model = catalog?.models.find((m) => m.id === id);
        if (!prev || !model || model.id === prev.model.id) return prev;
        const controls = deriveControls(model);
        const { values, changes } = migrateValues(prev.controls, controls, prev.values);
        return { model, controls, values, changes, previousControls: prev.controls };
      }),
    [catalog],
  );

  const setValue = useCallback(
    (id: string, value: unknown) =>
      setForm((prev) => prev && { ...prev, values: { ...prev.values, [id]: value } }),
    [],
  );

  const derived = useMemo(() => {
    if (!form) return { errors: [], request: null, quote: null };
    return {
      errors: validateValues(form.controls, form.values),
      request: buildRequest(form.model, form.values),
      quote: quotePrice(form.model, form.values),
    };
  }, [form]);

  return {
    status: error ? "error" : form ? "ready" : "loading",
    error,
    models: catalog?.models ?? [],
    model: form?.model ?? null,
    controls: form?.controls ?? null,
    values: form?.values ?? {},
    changes: form?.changes ?? [],
    previousControls: form?.previousControls ?? null,
    ...derived,
    setModel,
    setValue,
  };
}
