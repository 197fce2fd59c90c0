// quotePrice through the package: a table by rendering speed is priced at the speed the request
// sends, whether the model is the one parseCatalog handed out or a JSON copy of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRequest, deriveControls, parseCatalog, priceRange, quotePrice } from "nanogpt-image-controls";

const { models } = parseCatalog({
  data: [
    {
      id: "m",
      supported_parameters: {
        resolutions: ["1024x1024", "2048x2048"],
        rendering_speed: ["TURBO", "QUALITY"],
        max_images: 4,
      },
      pricing: {
        per_image: {
          TURBO: { "1024*1024": 0.03, "2048*2048": 0.06 },
          QUALITY: { "1024*1024": 0.09, "2048*2048": 0.12 },
        },
        currency: "USD",
      },
    },
  ],
});

test("the rendering speed sent is priced exactly", () => {
  for (const model of [models[0], JSON.parse(JSON.stringify(models[0]))]) {
    const quote = quotePrice(model, { resolution: "2048x2048", rendering_speed: "quality", n: 2 });
    assert.deepEqual(quote, { kind: "exact", currency: "USD", amount: 0.24, perImage: 0.12, images: 2 });
    // Unset: the request states the control's default speed, and the quote prices it.
    assert.equal(buildRequest(model, { prompt: "p" }).body.rendering_speed, "TURBO");
    assert.equal(quotePrice(model, {}).amount, 0.03);
    // The resolution options' prices would depend on the speed: none; the picker spans both.
    const resolution = deriveControls(model).controls.find((c) => c.id === "resolution");
    assert.ok(resolution.options.every((o) => o.price === undefined));
    assert.deepEqual(priceRange(model), { kind: "range", currency: "USD", min: 0.03, max: 0.12 });
  }
});
