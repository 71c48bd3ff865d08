// Writ lineage explorer: plain DOM, no framework. Every value from the API is put in the page
// with textContent (never innerHTML), so lineage content cannot inject markup or script.
"use strict";

const api = (path, options) => fetch(path, Object.assign({ headers: { Accept: "application/json" } }, options))
  .then(async r => ({ status: r.status, headers: r.headers, body: await r.json().catch(() => ({})) }));

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

function errorText(r) {
  return (r.body && r.body.error ? r.body.error + ": " + (r.body.message || "") : "HTTP " + r.status);
}

function verdictNode(v) {
  if (v.intact) return el("span", { class: "ok" }, "intact (" + v.verdict.recordsVerified + " records)"
    + (v.truncationDetectable ? "" : ", no checkpoint key: truncation not detectable"));
  const f = v.verdict.fault;
  return el("span", { class: "bad", "data-bad-seq": f.seq }, "broken at seq " + f.seq + " (" + f.reason + "): " + f.detail);
}

async function verify(chain, cell, row) {
  cell.replaceChildren(el("progress", { "aria-label": "verifying " + chain }), " verifying…");
  let r = await api("api/chains/" + encodeURIComponent(chain) + "/verifications", { method: "POST" });
  while (r.status === 202) {
    cell.replaceChildren(el("progress", { "aria-label": "verifying " + chain }), " " + r.body.recordsVerified + " records verified…");
    await new Promise(res => setTimeout(res, 1000));
    r = await api(r.headers.get("Location").replace(/^\//, ""));
  }
  if (r.status !== 200) { cell.replaceChildren(el("span", { class: "bad" }, errorText(r))); return; }
  row.classList.toggle("broken", !r.body.intact);
  cell.replaceChildren(verdictNode(r.body));
}

async function loadChains() {
  const tbody = document.querySelector("#chains tbody");
  const status = document.getElementById("chains-status");
  const r = await api("api/chains");
  if (r.status !== 200) { status.textContent = errorText(r); return; }
  const all = ["checkpoint"].concat(r.body.chains);
  tbody.replaceChildren(...all.map(chain => {
    const cell = el("td", {}, "not verified yet");
    const button = el("button", { type: "button" }, "Verify");
    const row = el("tr", { "data-chain": chain }, el("th", { scope: "row" }, el("code", {}, chain)), cell, el("td", {}, button));
    button.addEventListener("click", () => verify(chain, cell, row));
    return row;
  }));
  status.textContent = all.length + " chains";
}

async function loadCheckpoint() {
  const box = document.getElementById("checkpoint");
  const r = await api("api/checkpoints/latest");
  if (r.status !== 200) { box.textContent = errorText(r); return; }
  const rec = r.body.record;
  box.replaceChildren(
    el("p", {}, "seq " + rec.seq + " at " + new Date(rec.ts).toISOString() + " — signature: ",
      el("span", { class: r.body.signature === "valid" ? "ok" : "bad" }, r.body.signature)),
    r.body.heads ? el("ul", {}, ...r.body.heads.map(h => el("li", {}, el("code", {}, h.chain), " at seq " + h.seq))) : "");
}

function recordRows(records, withVerified) {
  const head = el("tr", {}, ...["chain", "seq", "type", "time", "principal", "action", "resource", "decision", "reason"]
    .concat(withVerified ? ["verified"] : ["execution"]).map(h => el("th", { scope: "col" }, h)));
  const rows = records.map(x => {
    const last = withVerified
      ? el("td", {}, el("span", { class: x.verified ? "ok" : "bad" }, x.verified ? "yes" : "no"
          + (x.chainFault ? " (chain broken at seq " + x.chainFault.seq + ", " + x.chainFault.reason + ")" : "")))
      : el("td", {}, x.execId ? execLink(x.execId) : "");
    return el("tr", { class: withVerified && !x.verified ? "broken" : "" },
      el("td", {}, el("code", {}, x.chain)), el("td", {}, x.seq), el("td", {}, x.type || x.malformed),
      el("td", {}, x.ts ? new Date(x.ts).toISOString() : ""), el("td", {}, x.principal), el("td", {}, x.action),
      el("td", {}, x.resource), el("td", {}, x.decision), el("td", {}, x.reason), last);
  });
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
}

function execLink(id) {
  const a = el("a", { href: "#exec=" + encodeURIComponent(id) }, id);
  a.addEventListener("click", e => { e.preventDefault(); openExecution(id); });
  return a;
}

async function openExecution(id) {
  document.getElementById("exec-id").value = id;
  const box = document.getElementById("execution");
  box.replaceChildren(el("progress", { "aria-label": "loading execution" }));
  const r = await api("api/executions/" + encodeURIComponent(id));
  if (r.status !== 200) { box.replaceChildren(el("p", { class: "bad" }, errorText(r))); return; }
  // Ancestry: the parent execution (par) and the transaction (txn) this one belongs to.
  const first = r.body.records[0];
  const ancestry = el("ul", { class: "tree" },
    el("li", {}, "transaction ", el("code", {}, first.txn || "—"),
      el("ul", {}, el("li", {}, first.par ? execLink(first.par) : "(no parent)",
        el("ul", {}, el("li", {}, el("strong", {}, id)))))));
  box.replaceChildren(
    el("p", {}, "Execution ", el("code", {}, id), ": ",
      el("span", { class: r.body.verified ? "ok" : "bad" }, r.body.verified ? "every record verified" : "NOT verified")),
    ancestry, recordRows(r.body.records, true));
}

async function searchPrincipal(cursor) {
  const p = document.getElementById("principal").value;
  const from = document.getElementById("from").value, to = document.getElementById("to").value;
  const q = new URLSearchParams({ principal: p });
  if (from) q.set("from", String(Date.parse(from)));
  if (to) q.set("to", String(Date.parse(to)));
  if (cursor) q.set("cursor", cursor);
  const box = document.getElementById("principal-results");
  const r = await api("api/executions?" + q);
  if (r.status !== 200) { box.replaceChildren(el("p", { class: "bad" }, errorText(r))); return; }
  const more = r.body.next ? el("button", { type: "button" }, "Next page") : "";
  if (more) more.addEventListener("click", () => searchPrincipal(r.body.next));
  box.replaceChildren(el("p", {}, r.body.records.length + " records (from the index, unverified: open an execution to verify)"),
    recordRows(r.body.records, false), more);
}

document.getElementById("exec-form").addEventListener("submit", e => { e.preventDefault(); openExecution(document.getElementById("exec-id").value); });
document.getElementById("principal-form").addEventListener("submit", e => { e.preventDefault(); searchPrincipal(null); });
loadChains();
loadCheckpoint();
const m = location.hash.match(/^#exec=(.+)$/);
if (m) openExecution(decodeURIComponent(m[1]));
