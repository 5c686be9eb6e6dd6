import type { ServiceContext } from "../context.ts";
import { requireRight } from "../access/guard.ts";
import { labTime, recordClock } from "../time/format.ts";
import type { SignatureView } from "../signature/signature.types.ts";
import { getRecord, type RecordDetail } from "./record.service.ts";

const escape = (value: unknown): string =>
  String(value ?? "—").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function answer(r: RecordDetail["results"][number]): string {
  if (r.kind === "READING") return r.reading === null ? "—" : `${r.reading}${r.unit ? ` ${r.unit}` : ""}`;
  if (r.kind === "TEXT") return r.text ?? "—";
  return r.outcome ?? "—";
}

function signatureList(signatures: SignatureView[], empty: string): string {
  if (signatures.length === 0) return `<p class="none">${escape(empty)}</p>`;
  const items = signatures.map(
    (s) => `<li class="${s.valid ? "valid" : "broken"}"><strong>${escape(s.text)}</strong><br><span class="hash">SHA-256 ${escape(s.contentHash)} · ${escape(s.authMethod)} · ${s.valid ? "matches the content" : "DOES NOT MATCH the current content"}</span></li>`,
  );
  return `<ul class="signatures">${items.join("")}</ul>`;
}

/**
 * R-SIGN: the auditor print view of one record: what was done, its electronic signatures
 * (printed name, meaning, time in lab time with zone, whether each still matches), its
 * amendments with their signatures, and its audit trail. A self-contained HTML page for the
 * browser's print; needs the right to view the audit trail at the record's lab.
 */
export async function recordPrintView(ctx: ServiceContext, id: unknown): Promise<string> {
  const record = await getRecord(ctx, id);
  requireRight(ctx, "audit", "view", record.labId, { what: "Record" });
  const when = (at: Date | null) => (at ? labTime(at, recordClock(record)) : "—");
  const subjects = [`record:${record.id}`, ...record.amendments.map((a) => `amendment:${a.id}`)];
  const trail = await ctx.db.auditEvent.findMany({
    where: { OR: [{ entityType: "record", entityId: String(record.id) }, { entityType: "signature", entityId: { in: subjects } }] },
    orderBy: { seq: "asc" },
  });
  const rows = record.results
    .map((r) => `<tr><td>${r.position}</td><td>${escape(r.title)}</td><td>${escape(answer(r))}</td><td>${r.passed ? "Pass" : "Fail"}</td><td>${escape(r.note ?? "")}</td></tr>`)
    .join("");
  const amendments = record.amendments
    .map(
      (a) => `<section class="amendment"><h3>Amendment by ${escape(a.actor.displayName)}, ${escape(when(a.at))}</h3><p>Reason: ${escape(a.reason)}</p>
<p>Before: <code>${escape(JSON.stringify(a.before))}</code><br>After: <code>${escape(JSON.stringify(a.after))}</code></p>${signatureList(a.signatures, "Amendment not signed.")}</section>`,
    )
    .join("");
  const events = trail
    .map((e) => `<tr><td>${e.seq}</td><td>${escape(when(e.at))}</td><td>${escape(e.actorName)}</td><td>${escape(e.action)}</td><td>${escape(e.reason ?? "")}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(record.number)} — Labkeep record</title>
<style>
body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #000; background: #fff; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; } td, th { border: 1px solid #999; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
.broken { color: #a00; } .hash { font-size: 8pt; color: #444; word-break: break-all; } .none { font-style: italic; }
ul.signatures { padding-left: 1.2em; } h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.4em; } h3 { font-size: 11pt; }
@media print { body { margin: 0; } section { break-inside: avoid; } }
</style></head>
<body>
<h1>Maintenance record ${escape(record.number)}</h1>
<table><tbody>
<tr><th>Lab</th><td>${escape(record.labCode)} (${escape(record.labTimeZone)})</td><th>Equipment</th><td>${escape(record.equipment.assetTag)} — ${escape(record.equipment.modelName)}</td></tr>
<tr><th>Frequency</th><td>${escape(record.frequency)}</td><th>Period</th><td>${escape(when(record.periodStart))} to ${escape(when(record.periodEnd))}</td></tr>
<tr><th>Status</th><td>${escape(record.status)}</td><th>Result</th><td>${escape(record.result)}</td></tr>
<tr><th>Completed by</th><td>${escape(record.completedBy?.displayName)}</td><th>Completed at</th><td>${escape(when(record.completedAt))}</td></tr>
<tr><th>Comment</th><td colspan="3">${escape(record.comment ?? "")}</td></tr>
</tbody></table>
<h2>Checklist</h2>
<table><thead><tr><th>#</th><th>Task</th><th>Answer</th><th>Result</th><th>Note</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Electronic signatures</h2>
${signatureList(record.signatures, record.status === "COMPLETED" ? "Completed, awaiting the performer's signature." : "Not signed.")}
<h2>Amendments</h2>
${amendments || '<p class="none">No amendments.</p>'}
<h2>Audit trail</h2>
<table><thead><tr><th>Seq</th><th>When</th><th>Who</th><th>What</th><th>Reason</th></tr></thead><tbody>${events}</tbody></table>
<p class="hash">Printed ${escape(when(ctx.clock.now()))} by ${escape(ctx.actor.name)} from Labkeep.</p>
</body></html>
`;
}
