// The catalog → controls → request round trip, bundled by webpack.
import init, { parseCatalog, deriveControls, defaultValues, buildRequest, quotePrice } from "nanogpt-image-controls";

const out = document.querySelector("#out");

async function main() {
  await init();
  const catalog = parseCatalog(await (await fetch("../catalog.json")).text());
  const model = catalog.models[0];
  const controls = deriveControls(model);
  const values = { ...defaultValues(controls), prompt: "a lighthouse at dusk" };
  const result = buildRequest(model, values);
  const quote = quotePrice(model, values);
  out.textContent = JSON.stringify({
    models: catalog.models.length,
    model: model.id,
    controls: controls.controls.map((c) => c.id),
    ok: result.ok,
    body: result.body,
    price: quote.amount,
  });
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  out.textContent = `${e.name}: ${e.message}`;
  document.body.dataset.ready = "error";
});
