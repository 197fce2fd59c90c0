// A stand-in for https://nano-gpt.com during the browser tests (the demo server's NANOGPT_UPSTREAM).
//
// - Catalog requests get their connection dropped, like an unreachable upstream, so the demo
//   server falls back to its bundled snapshot.
// - POST /v1/images/generations and /api/v1/images answer like NanoGPT: 401 with an error JSON
//   unless the key is `Bearer e2e-valid-key`, else `n` tiny PNGs as b64_json.
// - GET /__last returns what the last generation request looked like (method, path, headers of
//   interest, body), so tests can check what the proxy forwarded.
import { createServer } from "node:http";

const port = Number(process.env.MOCK_UPSTREAM_PORT ?? 4174);
// An 8×8 blue PNG.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOwir6JFTEMLQkAmRVbgaEaY/sAAAAASUVORK5CYII=";
let last = null;

createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url, "http://upstream");
    if (url.pathname === "/__last") return json(res, 200, last);
    if (req.method === "POST" && ["/v1/images/generations", "/api/v1/images"].includes(url.pathname)) {
      const text = Buffer.concat(chunks).toString("utf8");
      last = {
        method: req.method,
        path: url.pathname,
        search: url.search,
        authorization: req.headers.authorization ?? null,
        cookie: req.headers.cookie ?? null,
        body: JSON.parse(text),
      };
      if (req.headers.authorization !== "Bearer e2e-valid-key") {
        return json(res, 401, { error: { message: "Invalid API key.", type: "authentication_error" } });
      }
      const n = Number(last.body.n ?? 1);
      return json(res, 200, { created: 1767225600, data: Array.from({ length: n }, () => ({ b64_json: PNG })) });
    }
    // Everything else (catalogs, icons): behave like a host that cannot be reached.
    req.socket.destroy();
  });
}).listen(port, "127.0.0.1", () => console.log(`mock upstream on http://127.0.0.1:${port}`));

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
