// A small static file server for the demo and the browser tests. It listens on loopback only
// and sends the strict host Content-Security-Policy of pkg-config/host-csp.txt with every page,
// so the demo runs under the same policy an intranet page would impose.
//
//   node tools/serve.mjs <directory> [port]

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const HOST_CSP = readFileSync(join(root, "pkg-config/host-csp.txt"), "utf8").trim();

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/** Serve `directory` on 127.0.0.1:`port` (0 = any free port). Resolves to { server, url }. */
export function serve(directory, port = 0, { csp = HOST_CSP, extra = {} } = {}) {
  const base = resolve(directory);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    const headers = { "Content-Security-Policy": csp, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    if (Object.hasOwn(extra, path)) {
      response.writeHead(200, { ...headers, "Content-Type": TYPES[extname(path)] || "text/plain" });
      response.end(extra[path]);
      return;
    }
    const file = normalize(join(base, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(base)) {
      response.writeHead(403, headers).end("Forbidden");
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] || "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404, { ...headers, "Content-Type": "text/plain" }).end("Not found");
    }
  });
  return new Promise((ok) => {
    server.listen(port, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [directory = "build/site", port = "8737"] = process.argv.slice(2);
  const { url } = await serve(directory, Number(port));
  console.log(`Allteach demo: ${url}  (serving ${directory} on loopback with the host CSP: ${HOST_CSP})`);
  console.log("Press Ctrl+C to stop.");
}
