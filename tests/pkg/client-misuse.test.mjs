// CatalogClient misused: detached methods, calls after free(), a second dispose. Coded errors
// (promises reject, the others throw), never a glue TypeError or "null pointer passed to rust".
import { test } from "node:test";
import assert from "node:assert/strict";
import { CatalogClient } from "nanogpt-image-controls";

const coded = (e) => e instanceof Error && e.code === "invalid_argument" && /CatalogClient\.\w+\(\)/.test(e.message);

test("detached methods and calls after free() give invalid_argument", async () => {
  const client = new CatalogClient({ baseUrl: "http://127.0.0.1:9" });
  const { get, refresh, peek, clear } = client;
  await assert.rejects(get(), coded);
  await assert.rejects(refresh.call(undefined), coded);
  await assert.rejects(CatalogClient.prototype.get.call({}), coded);
  assert.throws(() => peek(), coded);
  assert.throws(() => clear.call({ __wbg_ptr: 8 }), coded);
  client.free();
  await assert.rejects(client.get(), coded);
  await assert.rejects(client.refresh(), coded);
  assert.throws(() => client.peek(), coded);
  assert.throws(() => client.clear(), coded);
  client.free(); // a second free() does nothing
  const other = new CatalogClient();
  other[Symbol.dispose]?.();
  other[Symbol.dispose]?.();
  assert.equal(new CatalogClient().peek(), undefined); // the module still works
});
