// Writ lineage explorer: plain DOM, no framework, no build step. Every value from the API is put in
// the page as text (textContent / text nodes, never innerHTML), so lineage content cannot inject
// markup or script; the page's CSP allows scripts, styles and requests to this origin only.
"use strict";

// The API sits beside the page: /explorer/app.js -> /api/... (or /<stage>/explorer/app.js ->
// /<stage>/api/... behind API Gateway), whatever URL the page itself was opened with.
const BASE = new URL("../", document.currentScript.src);
const POLL_MS = 400;

async function api(path, options) {
  let r;
  try {
    r = await fetch(new URL(path, BASE), Object.assign({ headers: { Accept: "application/json" } }, options));
  } catch (e) {
    return { status: 0, body: { error: "NETWORK", message: "the auditor API cannot be reached" } };
  }
  return { status: r.status, body: await r.json().catch(() => ({})) };
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k === "class") e.className = v; else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c == null || c === "") continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function button(label, onClick, attrs) {
  const b = el("button", Object.assign({ type: "button" }, attrs || {}), label);
  b.addEventListener("click", onClick);
  return b;
}

const errorText = r => r.body && r.body.error ? r.body.error + ": " + (r.body.message || "") : "HTTP " + r.status;
const time = ts => ts == null ? "" : new Date(ts).toISOString().replace("T", " ").replace("Z", " UTC");
const enc = encodeURIComponent;

// ------------------------------------------------------------------ checkpoint

let checkpointHeads = new Map();

async function loadCheckpoint() {
  const box = document.getElementById("checkpoint");
  const r = await api("api/checkpoints/latest");
  checkpointHeads = new Map();
  if (r.status === 404 && r.body.error === "NO_CHECKPOINT") {
    box.replaceChildren(el("p", {}, "No checkpoint yet: verification cannot see a truncated tail until one is signed."));
    return false;
  }
  if (r.status !== 200) { box.replaceChildren(el("p", { class: "bad" }, errorText(r))); return true; }
  const rec = r.body.record;
  const sig = r.body.signature;
  (r.body.heads || []).forEach(h => checkpointHeads.set(h.chain, h));
  box.replaceChildren(el("p", { id: "checkpoint-summary" },
    "checkpoint seq ", el("strong", {}, String(rec.seq)), " signed ", time(rec.ts), " — signature: ",
    el("span", { class: sig === "valid" ? "ok" : "bad", id: "checkpoint-signature" }, sig),
    r.body.heads ? ", pins " + r.body.heads.length + " chain heads" : ""),
    r.body.verifierKey ? el("p", { class: "hint" }, "verifier key ", el("code", {}, r.body.verifierKey)) : "");
  return true;
}

// ------------------------------------------------------------------ chains and verification

async function loadChains() {
  const tbody = document.querySelector("#chains tbody");
  const status = document.getElementById("chains-status");
  status.textContent = "Loading chains…";
  const checkpointed = await loadCheckpoint();
  const r = await api("api/chains");
  if (r.status !== 200) { status.textContent = errorText(r); return; }
  // The checkpoint chain is verified like any other (and first, inside every chain's verification).
  const all = (checkpointed ? ["checkpoint"] : []).concat(r.body.chains);
  tbody.replaceChildren(...all.map(chainRow));
  status.textContent = r.body.chains.length + " chains" + (checkpointed ? " (and the checkpoint chain)" : "");
}

function chainRow(chain) {
  const head = checkpointHeads.get(chain);
  const cell = el("td", { class: "verdict" }, "not verified yet");
  const row = el("tr", { "data-chain": chain });
  row.append(
    el("th", { scope: "row" }, el("code", {}, chain)),
    el("td", {}, chain === "checkpoint" ? "—" : head ? "seq " + head.seq : "not pinned"),
    cell,
    el("td", { class: "actions" },
      button("Verify", () => verify(chain, cell, row), { "aria-label": "Verify " + chain }),
      " ",
      button("Records", () => showChain(chain, null), { "aria-label": "Records of " + chain })));
  return row;
}

async function verify(chain, cell, row) {
  const bar = el("progress", { "aria-label": "verifying " + chain });
  const text = el("span", {}, " starting…");
  cell.replaceChildren(bar, text);
  row.removeAttribute("data-state");
  row.classList.remove("broken");
  // Wait briefly in the request; a long chain comes back 202 and is polled, showing its count.
  let r = await api("api/chains/" + enc(chain) + "/verifications?wait=1", { method: "POST" });
  while (r.status === 202) {
    text.textContent = " " + r.body.recordsVerified + " records verified…";
    await new Promise(res => setTimeout(res, POLL_MS));
    r = await api("api/verifications/" + enc(r.body.id));
  }
  if (r.status !== 200) {
    cell.replaceChildren(el("span", { class: "bad" }, errorText(r)));
    row.setAttribute("data-state", "error");
    return r;
  }
  cell.replaceChildren(verdictNode(chain, r.body));
  row.setAttribute("data-state", r.body.intact ? "intact" : unvouched(r.body) ? "unvouched" : "broken");
  row.classList.toggle("broken", !r.body.intact);
  return r;
}

// Every record links up, but with the key configured no checkpoint verified: nothing vouches for the tail.
function unvouched(v) {
  return !v.intact && v.verdict.fault.reason === "NO_CHECKPOINT";
}

function verdictNode(chain, v) {
  const n = v.verdict.recordsVerified;
  if (v.intact) {
    return el("span", { class: "ok" }, "intact: " + n + (n === 1 ? " record" : " records") + " verified"
      + (v.truncationDetectable ? "" : " (no checkpoint key: a truncated tail would not show)"));
  }
  const f = v.verdict.fault;
  if (unvouched(v)) {
    return el("span", { class: "bad" }, "NOT VOUCHED FOR: " + n + (n === 1 ? " record links" : " records link")
      + " up, but no checkpoint verifies with the key (NO_CHECKPOINT), so a truncated tail would not show");
  }
  return el("span", { class: "bad" }, "BROKEN at seq ",
    el("a", { href: "#chain=" + enc(chain) + "&seq=" + f.seq, class: "bad-seq", "data-bad-seq": String(f.seq) },
      String(f.seq)),
    " (" + f.reason + "): " + f.detail + "; " + n + (n === 1 ? " record" : " records") + " before it verified");
}

async function verifyAll() {
  const rows = [...document.querySelectorAll("#chains tbody tr")];
  const status = document.getElementById("chains-status");
  let broken = 0;
  let notVouched = 0;
  for (const [i, row] of rows.entries()) {
    status.textContent = "Verifying chain " + (i + 1) + " of " + rows.length + "…";
    const r = await verify(row.dataset.chain, row.querySelector(".verdict"), row);
    if (r.status === 200 && unvouched(r.body)) notVouched++;
    else if (r.status !== 200 || !r.body.intact) broken++;
  }
  const found = [broken ? broken + " broken or unreadable" : "", notVouched ? notVouched + " not vouched for (no checkpoint)" : ""]
    .filter(Boolean).join(", ");
  status.textContent = "Verified " + rows.length + " chains: " + (found || "all intact");
}

// ------------------------------------------------------------------ one chain's records

async function showChain(chain, badSeq, cursor) {
  const section = document.getElementById("chain-section");
  const box = document.getElementById("chain-records");
  section.hidden = false;
  document.getElementById("chain-name").textContent = chain;
  box.replaceChildren(el("progress", { "aria-label": "loading records of " + chain }));
  const q = new URLSearchParams({ limit: "100" });
  if (cursor) q.set("cursor", cursor);
  const r = await api("api/chains/" + enc(chain) + "/records?" + q);
  if (r.status !== 200) { box.replaceChildren(el("p", { class: "bad" }, errorText(r))); return; }
  if (badSeq == null) {
    const row = document.querySelector("#chains tr[data-chain='" + CSS.escape(chain) + "'] .bad-seq");
    if (row) badSeq = Number(row.dataset.badSeq);
  }
  const more = r.body.next ? button("Next 100 records", () => showChain(chain, badSeq, r.body.next)) : "";
  box.replaceChildren(
    badSeq != null ? el("p", { class: "bad" }, "Verification found the first bad record at seq " + badSeq + " (highlighted).") : "",
    recordTable(r.body.records, { badSeq, verified: false }), more);
  section.scrollIntoView({ block: "start" });
  const bad = box.querySelector("tr.first-bad");
  if (bad) bad.scrollIntoView({ block: "center" });
}

// ------------------------------------------------------------------ record tables

const COLUMNS = [
  ["chain", x => el("code", {}, x.chain)], ["seq", x => String(x.seq)], ["type", x => x.type || "malformed: " + x.malformed],
  ["time", x => time(x.ts)], ["principal", x => x.principal], ["function", x => x.function], ["action", x => x.tool ? x.action + " (tool " + x.tool + ")" : x.action],
  ["decision", x => x.decision], ["reason", x => x.reason], ["agent", x => x.agent]];

function recordTable(records, opts) {
  const cols = COLUMNS.concat([["execution", x => x.execId ? execLink(x.execId) : ""]]);
  if (opts.verified) cols.push(["verified", x => el("span", { class: x.verified ? "ok" : "bad" }, x.verified ? "yes" : "NO"
      + (x.chainFault ? " (chain broken at seq " + x.chainFault.seq + ", " + x.chainFault.reason + ")" : ""))]);
  else cols.push(["hash", x => x.hashValid === false || x.malformed ? el("span", { class: "bad" }, "does not match")
      : el("span", { class: "ok" }, "matches")]);
  const head = el("tr", {}, cols.map(([h]) => el("th", { scope: "col" }, h)));
  const rows = records.map(x => {
    const first = opts.badSeq != null && x.seq === opts.badSeq;
    const bad = first || (opts.verified && !x.verified) || x.hashValid === false || x.malformed;
    return el("tr", { class: (bad ? "broken" : "") + (first ? " first-bad" : ""), "data-seq": String(x.seq),
      "aria-current": first ? "true" : false }, cols.map(([, f]) => el("td", {}, f(x))));
  });
  return el("table", { class: "records" }, el("thead", {}, head), el("tbody", {}, rows));
}

function execLink(id) {
  const a = el("a", { href: "#exec=" + enc(id) }, id);
  a.addEventListener("click", e => { e.preventDefault(); openExecution(id); });
  return a;
}

// ------------------------------------------------------------------ executions and their ancestry

async function openExecution(id) {
  document.getElementById("exec-id").value = id;
  history.replaceState(null, "", "#exec=" + enc(id));
  const box = document.getElementById("execution");
  box.replaceChildren(el("progress", { "aria-label": "loading execution" }), " verifying its chains…");
  const r = await api("api/executions/" + enc(id));
  if (r.status !== 200) { box.replaceChildren(el("p", { class: "bad" }, errorText(r))); return; }
  const recs = r.body.records;
  const first = recs.find(x => x.txn || x.par || x.principal) || recs[0];
  const tree = el("div", { id: "ancestry" }, el("progress", { "aria-label": "loading ancestry" }));
  box.replaceChildren(
    el("p", { id: "exec-summary" }, "Execution ", el("code", {}, id), ": ",
      el("span", { class: r.body.verified ? "ok" : "bad" }, r.body.verified ? "every record verified against its chain"
        : "NOT verified: a chain it is on does not verify")),
    proofDownload(id),
    el("h3", {}, "Ancestry"), tree,
    el("h3", {}, "Records (" + recs.length + ")"), recordTable(recs, { verified: true }));
  tree.replaceChildren(...await ancestry(id, first));
  box.scrollIntoView({ block: "start" });
}

// The execution's proof bundle (GET api/executions/{id}/proof) saved as a file, as the API
// wrote it, for `writ proof verify` offline; when none can be made, the API's reason instead.
function proofDownload(id) {
  const status = el("span", { id: "exec-proof-status" });
  const button = el("button", { type: "button", id: "exec-proof" }, "Download the proof bundle");
  button.addEventListener("click", async () => {
    status.replaceChildren(" fetching…");
    let r;
    try {
      r = await fetch(new URL("api/executions/" + enc(id) + "/proof", BASE), { headers: { Accept: "application/json" } });
    } catch (e) {
      status.replaceChildren(el("span", { class: "bad" }, " the auditor API cannot be reached"));
      return;
    }
    const text = await r.text();
    if (r.status !== 200) {
      let body = {};
      try { body = JSON.parse(text); } catch (e) { /* not JSON: the status says enough */ }
      status.replaceChildren(el("span", { class: "bad" }, " " + errorText({ status: r.status, body })));
      return;
    }
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: "proof-" + id + ".json" });
    a.click();
    URL.revokeObjectURL(a.href);
    status.replaceChildren(" saved proof-" + id + ".json (verify offline: writ proof verify)");
  });
  return el("p", {}, button, status);
}

// The transaction's executions: every record carrying its txn (index byTxn, each record
// re-verified against its chain by the API), as the API arranges them (tree: par links, the
// hops the exchange refused and the calls a guard stopped under the execution that made them).
async function ancestry(id, rec) {
  if (!rec || !rec.txn) return [el("p", {}, "This execution carries no transaction id.")];
  const r = await api("api/transactions/" + enc(rec.txn));
  if (r.status !== 200) return [el("p", { class: "bad" }, "The transaction could not be read: " + errorText(r))];
  let count = 0;
  const seen = new Set();
  const call = (what, c) => el("li", { class: "stopped" }, what + ": ",
    el("code", {}, [c.action, c.resource].filter(Boolean).join(" ")), " — " + (c.reason || "") +
    (c.decidedBy ? " by " + c.decidedBy : "") + " (" + c.record + ")",
    c.verified ? "" : el("span", { class: "bad" }, " — NOT verified"));
  const item = n => {
    if (seen.has(n.execId)) return el("li", {}, "(cycle at " + n.execId + ")");
    seen.add(n.execId);
    if (n.missing) {
      return el("li", { "data-exec": n.execId }, execLink(n.execId), " — no record in this transaction",
        el("ul", {}, (n.refusedHops || []).map(c => call("refused hop", c))));
    }
    count++;
    const label = n.execId === id ? el("strong", { "aria-current": "true", class: "current" }, n.execId) : execLink(n.execId);
    const below = (n.blockedCalls || []).map(c => call("blocked call", c))
      .concat((n.refusedHops || []).map(c => call("refused hop", c)), (n.children || []).map(item));
    return el("li", { "data-exec": n.execId }, label, n.function ? " — " + n.function : "", n.decision ? " (" + n.decision + ")" : "",
      n.verified ? "" : el("span", { class: "bad" }, " — NOT verified"),
      n.par && n.par !== n.execId && !r.body.records.some(x => x.execId === n.par)
        ? [" — parent ", execLink(n.par), " has no record in this transaction"] : "",
      below.length ? el("ul", {}, below) : "");
  };
  const roots = r.body.tree.map(item);
  return [...mixed(r.body.mixed), el("p", {}, "Transaction ", el("code", { id: "txn" }, rec.txn),
      ": " + count + " execution" + (count === 1 ? "" : "s") + ", "
      + (r.body.verified ? "every record verified against its chain" : "some records NOT verified")),
    el("ul", { class: "tree", "aria-label": "executions of transaction " + rec.txn }, roots),
    ...decisions(r.body.decisions || [])];
}

// A transaction whose records name more than one subject or agent is not one session: say so
// first, naming each and its records, before the tree shows them together.
function mixed(m) {
  if (!m) return [];
  const names = (what, byName) => Object.entries(byName).map(([name, at]) =>
    el("li", {}, what + " ", el("code", {}, name), ": " + at.join(", ")));
  return [el("p", { class: "bad", id: "mixed" }, "This transaction mixes the calls of more than one "
      + (Object.keys(m.subjects).length > 1 ? "subject" : "agent") + ": it is not one session."),
    el("ul", { "aria-label": "who the transaction's records name" }, names("subject", m.subjects), names("agent", m.agents))];
}

// Every decision of the transaction in time order: an agent session's tool calls, the ones the
// policies refused included (they start no execution, so the tree above cannot show them), each
// with what the function's guard then recorded under its writ.
function decisions(list) {
  if (!list.length) return [];
  const row = d => el("li", { class: d.decision === "allow" ? "" : "refused" },
    el("code", {}, d.name || "(no action)"), " — " + (d.decision || "") + " " + (d.reason || "")
      + (d.decidedBy ? " by " + d.decidedBy : "") + " (" + d.record + ")",
    d.execId ? [" → ", execLink(d.execId), ": " + (d.guard.length ? d.guard.join(", ") : "not run")] : "",
    d.verified ? "" : el("span", { class: "bad" }, " — NOT verified"));
  return [el("h4", {}, "Decisions, in order (" + list.length + ")"),
    el("ol", { id: "decisions", "aria-label": "decisions of the transaction" }, list.map(row))];
}

// ------------------------------------------------------------------ principal and time

async function searchPrincipal(cursor) {
  const p = document.getElementById("principal").value.trim();
  const from = document.getElementById("from").value, to = document.getElementById("to").value;
  const box = document.getElementById("principal-results");
  const q = new URLSearchParams({ principal: p, limit: "100" });
  if (from) q.set("from", String(Date.parse(from)));
  if (to) q.set("to", String(Date.parse(to)));
  if (cursor) q.set("cursor", cursor);
  box.replaceChildren(el("progress", { "aria-label": "searching" }));
  const r = await api("api/executions?" + q);
  if (r.status !== 200) { box.replaceChildren(el("p", { class: "bad" }, errorText(r))); return; }
  const more = r.body.next ? button("Next page", () => searchPrincipal(r.body.next)) : "";
  box.replaceChildren(
    el("p", { id: "principal-summary" }, r.body.records.length + " records of " + r.body.principal + " from " + time(r.body.from)
      + " to " + time(r.body.to) + " (from the index, not verified: open an execution to verify it)"),
    recordTable(r.body.records, { verified: false }), more);
}

// ------------------------------------------------------------------ start

function route() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.get("exec")) openExecution(h.get("exec"));
  else if (h.get("chain")) showChain(h.get("chain"), h.get("seq") == null ? null : Number(h.get("seq")));
}

document.getElementById("exec-form").addEventListener("submit", e => {
  e.preventDefault();
  openExecution(document.getElementById("exec-id").value.trim());
});
document.getElementById("principal-form").addEventListener("submit", e => { e.preventDefault(); searchPrincipal(null); });
document.getElementById("verify-all").addEventListener("click", verifyAll);
document.getElementById("reload-chains").addEventListener("click", loadChains);
document.getElementById("chains").addEventListener("click", e => {
  const a = e.target.closest("a.bad-seq");
  if (!a) return;
  e.preventDefault();
  showChain(a.closest("tr").dataset.chain, Number(a.dataset.badSeq));
});
window.addEventListener("hashchange", route);
loadChains().then(route);
