import { lazy, Suspense, useMemo, useState } from "react";
import { parseCatalog, type Catalog } from "nanogpt-image-controls";
import { useImageControls } from "./useImageControls";
import { ImageForm } from "./ImageForm";
import { missingKeys, translator, type Locale } from "./i18n";

// A bundled snapshot of GET /api/v1/image-models, loaded on demand. A live app passes
// `() => client.get()` with a `new CatalogClient({ baseUrl: "/nanogpt-proxy" })` instead.
// rjsf and ajv are most of the bundle: load that panel on its own.
const SchemaForm = lazy(() => import("./SchemaForm").then((m) => ({ default: m.SchemaForm })));

const loadCatalog = (): Promise<Catalog> => import("../../catalog.json?raw").then((m) => parseCatalog(m.default));

export function App() {
  const form = useImageControls(loadCatalog);
  const [locale, setLocale] = useState<Locale>("en");
  const tr = useMemo(() => translator(locale), [locale]);

  if (form.status === "error") return <p role="alert">Could not load the catalog: {form.error?.message}</p>;
  if (form.status === "loading" || !form.controls || !form.model) return <p>Loading…</p>;
  const { controls, model, quote, request } = form;

  return (
    <main data-ready="true">
      <header>
        <label>
          Model{" "}
          <select id="model" value={model.id} onChange={(e) => form.setModel(e.target.value)}>
            {form.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Language{" "}
          <select id="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
          </select>
        </label>
      </header>
      {form.changes.length > 0 ? (
        <ul id="changes">
          {form.changes.map((c) => (
            <li key={c.id} data-key={c.reasonKey}>
              {tr.change(c, controls, form.previousControls)}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="columns">
        <section>
          <h2>Hand-made form</h2>
          <ImageForm controls={controls} values={form.values} errors={form.errors} setValue={form.setValue} tr={tr} />
          <p>
            Price:{" "}
            <output id="price">
              {quote?.kind === "exact" && quote.amount !== undefined
                ? tr.price(quote.amount, quote.currency)
                : quote?.kind === "range" && quote.min !== undefined && quote.max !== undefined
                  ? `${tr.price(quote.min, quote.currency)} – ${tr.price(quote.max, quote.currency)}`
                  : "?"}
            </output>
          </p>
          <pre id="request" data-ok={request?.ok ?? false}>
            {request?.ok ? JSON.stringify(request.body, null, 2) : ""}
          </pre>
        </section>
        <section>
          <h2>react-jsonschema-form</h2>
          <Suspense fallback={<p>Loading…</p>}>
            <SchemaForm controls={controls} values={form.values} setValue={form.setValue} tr={tr} />
          </Suspense>
        </section>
      </div>
      <MissingKeys />
    </main>
  );
}

/** Rendered last, after every translated text: keys the table lacked (English was shown). */
function MissingKeys() {
  return <footer id="missing-keys" data-keys={[...missingKeys].join(" ")} />;
}
