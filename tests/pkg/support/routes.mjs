// A real local HTTP server for the client tests, with routes by first path segment
// (`<origin>/<name>/api/…`), each with its own request count, started before a file's tests and
// closed after them. `respond(name, req, res)` answers each request.
import { before, after } from "node:test";
import { createServer } from "node:http";

export function routeServer(respond) {
  const routes = { origin: "", counts: new Map() };
  let server;
  before(async () => {
    server = createServer((req, res) => {
      const name = req.url.split("/")[1];
      routes.counts.set(name, (routes.counts.get(name) || 0) + 1);
      respond(name, req, res);
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    routes.origin = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise((ok) => server.close(ok));
  });
  return routes;
}
