// Drives the lineage explorer of a running `writ dev` in headless Debian Chromium through
// playwright-core. Run by ExplorerBrowserIT, which starts the server, seeds traffic, signs a
// checkpoint, tampers one stored record and passes what the page must show as one JSON argument:
//   {url, screenshots, chains[], intact:{chain,records}, tampered:{chain,seq,reason}, execution:{id,parent,txn,parentFunction,function}, stopped[] (patterns),
//    principal, principalRecords}
// or, before the checkpoint, {phase: "no-checkpoint", url, screenshots, chain, records, chains (a count)};
// or, for an agent's session (AgentSessionExplorerBrowserIT), {phase: "agent-session", url, screenshots,
// execution, txn, decisions[] (patterns of the transaction's decisions, in order), tool (the execution's tool)}.
// Exit 0 when every check held; 1 with the failed check on stderr. Screenshots go to `screenshots`.
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const need = name => {
  const v = process.env[name];
  if (!v) throw new Error(name + " is not set (scripts/test exports it; see scripts/lib/browser.sh)");
  return v;
};
const { chromium } = require(need("WRIT_PLAYWRIGHT_CORE"));
const spec = JSON.parse(process.argv[2]);
const TIMEOUT = 20000;

async function main() {
  fs.mkdirSync(spec.screenshots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "writ-chromium-"));
  // Without the background-networking flags Chromium reaches for Google services, which a closed
  // network turns into a failed start; the profile is fresh so no earlier state leaks in.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: need("WRIT_CHROMIUM"),
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1400, height: 1000 },
  });
  const problems = [];
  try {
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    // A CSP violation, a script error or a failed request is a broken page even if the text looks right.
    page.on("pageerror", e => problems.push("page error: " + e.message));
    page.on("console", m => { if (m.type() === "error") problems.push("console error: " + m.text()); });
    page.on("requestfailed", r => problems.push("request failed: " + r.url() + " " + (r.failure() || {}).errorText));
    page.on("response", r => { if (r.status() >= 400) problems.push("HTTP " + r.status() + " for " + r.url()); });
    const shot = async name => {
      const file = path.join(spec.screenshots, name + ".png");
      await page.screenshot({ path: file, fullPage: true });
      console.log("screenshot " + file);
    };
    const row = chain => page.locator("#chains tbody tr").filter({ has: page.locator("th code", { hasText: new RegExp("^" + escape(chain) + "$") }) });

    if (spec.phase === "no-checkpoint") {
      await noCheckpoint(page, row, shot);
      // The page asks for the latest checkpoint and is told there is none: that 404 is expected.
      const expected = p => p.includes("404") && (p.includes("api/checkpoints/latest") || p.startsWith("console error: Failed to load resource"));
      assert.deepEqual(problems.filter(p => !expected(p)), [], "no script error, CSP violation or failed request");
      console.log("explorer: every check passed");
      return;
    }

    if (spec.phase === "agent-session") {
      await agentSession(page, shot);
      assert.deepEqual(problems, [], "no script error, CSP violation or failed request");
      console.log("explorer: every check passed");
      return;
    }

    // 1. The chain list: every chain of the table, with the checkpoint that pins them.
    await page.goto(spec.url);
    await page.locator("#chains-status").filter({ hasText: /^\d+ chains \(and the checkpoint chain\)$/ }).waitFor();
    const listed = await page.locator("#chains tbody tr th code").allTextContents();
    assert.deepEqual(listed.slice().sort(), ["checkpoint"].concat(spec.chains).sort(), "the chains listed");
    assert.equal(await page.locator("#checkpoint-signature").textContent(), "valid", "checkpoint signature");
    assert.match(await row(spec.intact.chain).locator("td").nth(0).textContent(), new RegExp("^seq " + (spec.intact.records - 1) + "$"),
      "head of " + spec.intact.chain + " at the checkpoint");
    await shot("1-chains");

    // 2. Verify an intact chain to the end.
    await row(spec.intact.chain).getByRole("button", { name: "Verify " + spec.intact.chain }).click();
    await page.locator("#chains tbody tr[data-chain='" + spec.intact.chain + "'][data-state]").waitFor();
    assert.equal(await row(spec.intact.chain).getAttribute("data-state"), "intact", spec.intact.chain + " state");
    assert.equal(await row(spec.intact.chain).locator(".verdict").textContent(),
      "intact: " + spec.intact.records + (spec.intact.records === 1 ? " record" : " records") + " verified", spec.intact.chain + " verdict");

    // 3. The tampered chain: broken, at the right seq, and its records open on the bad one.
    await row(spec.tampered.chain).getByRole("button", { name: "Verify " + spec.tampered.chain }).click();
    await page.locator("#chains tbody tr[data-chain='" + spec.tampered.chain + "'][data-state]").waitFor();
    const bad = row(spec.tampered.chain);
    assert.equal(await bad.getAttribute("data-state"), "broken", spec.tampered.chain + " state");
    assert.equal(await bad.locator("a.bad-seq").getAttribute("data-bad-seq"), String(spec.tampered.seq), "first bad seq");
    assert.match(await bad.locator(".verdict").textContent(),
      new RegExp("^BROKEN at seq " + spec.tampered.seq + " \\(" + spec.tampered.reason + "\\)"), "tampered verdict");
    await shot("2-verified");
    await bad.locator("a.bad-seq").click();
    const firstBad = page.locator("#chain-records tr.first-bad");
    await firstBad.waitFor();
    assert.equal(await page.locator("#chain-records tr.first-bad").count(), 1, "one highlighted record");
    assert.equal(await firstBad.getAttribute("data-seq"), String(spec.tampered.seq), "highlighted seq");
    assert.equal(await firstBad.getAttribute("aria-current"), "true", "highlighted record is aria-current");
    assert.equal(await firstBad.locator("td").nth(4).textContent(), "mallory", "the tampered principal is what is stored");
    await shot("3-tampered-chain");

    // 4. Verify every chain, one after another: only the tampered one is broken.
    await page.getByRole("button", { name: "Verify all chains" }).click();
    await page.locator("#chains-status").filter({ hasText: /^Verified / }).waitFor({ timeout: 60000 });
    assert.equal(await page.locator("#chains-status").textContent(),
      "Verified " + (spec.chains.length + 1) + " chains: 1 broken or unreadable", "verify all");
    assert.deepEqual(await page.locator("#chains tbody tr[data-state='broken'] th code").allTextContents(), [spec.tampered.chain],
      "the broken chains");

    // 5. An execution: its records, verified, and its place in the transaction's tree.
    await page.getByLabel("Execution id (writ jti)", { exact: true }).fill(spec.execution.id);
    await page.getByRole("button", { name: "Open" }).click();
    await page.locator("#exec-summary").waitFor();
    await page.locator("#ancestry ul.tree").waitFor();
    assert.match(await page.locator("#exec-summary").textContent(), /every record verified against its chain/, "execution verified");
    assert.equal(await page.locator("#txn").textContent(), spec.execution.txn, "transaction id");
    const parent = page.locator("#ancestry li[data-exec='" + spec.execution.parent + "']");
    assert.equal(await parent.count(), 1, "the parent is in the tree");
    assert.match(await parent.textContent(), new RegExp("^" + spec.execution.parent + " — " + spec.execution.parentFunction + " \\(allow\\)"),
      "the parent names the function it ran in");
    assert.equal(await parent.locator("li[data-exec='" + spec.execution.id + "'] > strong.current").textContent(), spec.execution.id,
      "the execution sits under its parent, marked current");
    assert.match(await parent.locator("li[data-exec='" + spec.execution.id + "']").textContent(),
      new RegExp("^" + spec.execution.id + " — " + spec.execution.function + " \\(allow\\)"),
      "the hop names the function it ran in, not the exchange that minted its writ");
    const stopped = await page.locator("#ancestry li.stopped").allTextContents();
    for (const s of spec.stopped) {
      assert.ok(stopped.some(t => new RegExp(s).test(t)), "the tree shows \"" + s + "\" (it shows " + JSON.stringify(stopped) + ")");
    }
    assert.equal(await parent.locator(":scope > ul > li.stopped").count(), 1, "the blocked call sits under the execution that made it");
    const records = await page.locator("#execution table.records tbody tr").count();
    assert.ok(records >= 2, "the execution's records (" + records + ")");
    assert.equal(await page.locator("#execution table.records tbody tr.broken").count(), 0, "no unverified record");
    // Its proof bundle downloads as the API wrote it, for writ proof verify.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#exec-proof").click()]);
    assert.equal(download.suggestedFilename(), "proof-" + spec.execution.id + ".json", "the bundle's file name");
    const bundle = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    assert.equal(bundle.format, "writ-proof/v1", "a proof bundle");
    assert.equal(bundle.execId, spec.execution.id, "of this execution");
    assert.ok(bundle.records.some(p => p.record.execId === spec.execution.parent), "with its transaction's hops");
    await shot("4-execution");

    // 6. Open the parent from the tree: it shows the child below it.
    await parent.locator(":scope > a").click();
    await page.locator("#exec-summary code").filter({ hasText: spec.execution.parent }).waitFor();
    await page.locator("#ancestry li[data-exec='" + spec.execution.parent + "'] > strong.current").waitFor();
    assert.equal(await page.locator("#ancestry li[data-exec='" + spec.execution.parent + "'] li[data-exec='" + spec.execution.id + "']").count(),
      1, "the child under the parent");

    // 7. A principal's records in a time range (the last 24 hours by default).
    await page.getByLabel("Principal", { exact: true }).fill(spec.principal);
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#principal-summary").waitFor();
    assert.match(await page.locator("#principal-summary").textContent(), new RegExp("^" + spec.principalRecords + " records of " + spec.principal + " "),
      "principal records");
    const principals = await page.locator("#principal-results tbody tr td:nth-child(5)").allTextContents();
    assert.ok(principals.length === spec.principalRecords && principals.every(p => p === spec.principal), "only " + spec.principal + "'s records");
    // A range in the future finds nothing.
    await page.getByLabel("From", { exact: true }).fill("2099-01-01T00:00:00");
    await page.getByLabel("To", { exact: true }).fill("2099-01-02T00:00:00");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#principal-summary").filter({ hasText: /^0 records/ }).waitFor();
    await shot("5-principal");

    assert.deepEqual(problems, [], "no script error, CSP violation or failed request");
    console.log("explorer: every check passed");
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// Before any checkpoint, with the key configured: the page says so, and no chain is vouched for.
async function noCheckpoint(page, row, shot) {
  await page.goto(spec.url);
  await page.locator("#chains-status").filter({ hasText: /^\d+ chains$/ }).waitFor();
  assert.match(await page.locator("#checkpoint").textContent(), /^No checkpoint yet/, "no checkpoint");
  await row(spec.chain).getByRole("button", { name: "Verify " + spec.chain }).click();
  await page.locator("#chains tbody tr[data-chain='" + spec.chain + "'][data-state]").waitFor();
  assert.equal(await row(spec.chain).getAttribute("data-state"), "unvouched", spec.chain + " state");
  assert.equal(await row(spec.chain).locator(".verdict").textContent(), "NOT VOUCHED FOR: " + spec.records
    + " records link up, but no checkpoint verifies with the key (NO_CHECKPOINT), so a truncated tail would not show", spec.chain + " verdict");
  await page.getByRole("button", { name: "Verify all chains" }).click();
  await page.locator("#chains-status").filter({ hasText: /^Verified / }).waitFor({ timeout: 60000 });
  assert.equal(await page.locator("#chains-status").textContent(),
    "Verified " + spec.chains + " chains: " + spec.chains + " not vouched for (no checkpoint)", "verify all");
  await shot("0-no-checkpoint");
}

// An agent session's execution: under its transaction, every tool call in order, refused ones included.
async function agentSession(page, shot) {
  await page.goto(spec.url + "#exec=" + encodeURIComponent(spec.execution));
  await page.locator("#decisions").waitFor();
  assert.equal(await page.locator("#txn").textContent(), spec.txn, "the session's transaction");
  const rows = await page.locator("#decisions > li").allTextContents();
  assert.equal(rows.length, spec.decisions.length, "one row per tool call (" + JSON.stringify(rows) + ")");
  spec.decisions.forEach((d, i) => assert.match(rows[i], new RegExp(d), "tool call " + (i + 1)));
  assert.equal(await page.locator("#decisions > li.refused").count(),
    spec.decisions.filter(d => / deny /.test(d)).length, "the refused calls are marked");
  // The execution's own records: its tool call's decision and verification name the tool (their optional `tool` member).
  const records = await page.locator("#execution table.records tbody tr")
    .evaluateAll(rows => rows.map(row => Array.from(row.cells, cell => cell.textContent)));
  const called = records.filter(cells => cells[2] === "decision" || cells[2] === "verification");
  assert.deepEqual(called.map(cells => cells[2]).sort(), ["decision", "verification"], "the tool call's decision and verification");
  called.forEach(cells => assert.match(cells[6], new RegExp(" \\(tool " + escape(spec.tool) + "\\)$"), cells[2] + " names its tool"));
  await shot("6-agent-session");
}

function escape(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

main().catch(e => { console.error("explorer check FAILED: " + (e && e.stack || e)); process.exit(1); });
