// Error messages never show the API key, not even its first characters where a message quotes a
// body cut short. A real local HTTP server echoes the key back in several ways.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { fetchCatalog } from "nanogpt-image-controls";

const KEY = "sk-nano-3f1c2a4e-9b7d-4e21-8c55-0a6b2f9d7e13";
const bodies = {
  "/string": () => JSON.stringify(KEY), // "the JSON is a string (…)"
  "/data": () => JSON.stringify({ data: KEY }),
  "/html": () => `<html>${KEY}</html>`,
  "/truncated": () => `{"data":[{"id":"${KEY}`,
};
let server;
let origin;
before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname.replace(/\/api\/v1\/image-models$/, "");
    if (path === "/status") {
      res.statusMessage = `Invalid API key ${KEY} for this account, please check it`;
      res.writeHead(401);
      return res.end();
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end((bodies[path] ?? (() => "{}"))());
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((ok) => server.close(ok)));

test("no part of the key (8 characters or more) is in an error message", async () => {
  for (const path of [...Object.keys(bodies), "/status"]) {
    const e = await fetchCatalog({ baseUrl: origin + path, apiKey: KEY }).then(
      () => assert.fail(`${path}: no error`),
      (e) => e,
    );
    assert.ok(e instanceof Error && typeof e.code === "string", path);
    for (let n = 8; n <= KEY.length; n++) {
      assert.ok(!e.message.includes(KEY.slice(0, n)), `${path}: ${e.message}`);
    }
  }
});
