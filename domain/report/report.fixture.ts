// A small hand-built dataset for the report tests: three labs in three time zones, records
// whose due dates straddle month ends in lab time, and one lab (SFO) the auditor cannot see.
import type { Db } from "../db/client.ts";
import { localDateOf, periodOf } from "../periods/periods.ts";
import type { Principal } from "../policy/policy.ts";

export const NOW = new Date("2026-02-15T12:00:00Z");

type RecordSpec = {
  n: number; lab: "BOS" | "LON" | "SFO"; eq: "B1" | "L1" | "S1"; freq: "DAILY" | "MONTHLY"; due: string;
  done?: string; result?: "PASS" | "FAIL"; comment?: string;
};

/** `n` is the record number; B1 was transferred from SFO, so record 14 is SFO's although B1 is now at BOS. */
export const RECORDS: RecordSpec[] = [
  { n: 1, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-01-10T05:00:00Z", done: "2026-01-10T04:00:00Z" },
  { n: 2, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-01-11T05:00:00Z", done: "2026-01-12T10:00:00Z", result: "FAIL" },
  { n: 3, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-01-12T05:00:00Z" },
  { n: 4, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-02-01T03:00:00Z", done: "2026-02-01T02:00:00Z" }, // 31 Jan 22:00 in Boston
  { n: 5, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-02-14T05:00:00Z" },
  { n: 6, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-02-15T05:00:00Z" },
  { n: 7, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-02-16T05:00:00Z" },
  { n: 8, lab: "BOS", eq: "B1", freq: "MONTHLY", due: "2026-02-01T05:00:00Z" },
  { n: 9, lab: "BOS", eq: "B1", freq: "MONTHLY", due: "2026-01-01T05:00:00Z", done: "2025-12-20T15:00:00Z" },
  { n: 15, lab: "BOS", eq: "B1", freq: "DAILY", due: "2026-01-20T05:00:00Z", done: "2026-01-19T18:00:00Z", comment: "=HYPERLINK(\"http://x\")" },
  { n: 1, lab: "LON", eq: "L1", freq: "DAILY", due: "2026-02-01T03:00:00Z", done: "2026-02-02T09:00:00Z" }, // February in London
  { n: 2, lab: "LON", eq: "L1", freq: "DAILY", due: "2026-01-31T23:59:00Z", done: "2026-01-31T20:00:00Z" },
  { n: 3, lab: "LON", eq: "L1", freq: "DAILY", due: "2026-02-05T00:00:00Z" },
  { n: 4, lab: "LON", eq: "L1", freq: "DAILY", due: "2026-02-03T23:00:00Z", done: "2026-02-03T10:00:00Z" },
  { n: 13, lab: "SFO", eq: "S1", freq: "DAILY", due: "2026-01-10T08:00:00Z" },
  { n: 14, lab: "SFO", eq: "B1", freq: "DAILY", due: "2026-01-05T08:00:00Z", done: "2026-01-05T07:00:00Z" },
];

export interface Fixture {
  labs: Record<"BOS" | "LON" | "SFO", number>;
  equipment: Record<"B1" | "L1" | "S1", number>;
  records: Map<string, number>;
  admin: Principal;
  auditor: Principal;
  technician: Principal;
}

const principal = (userId: number, displayName: string, grants: Principal["grants"]): Principal => ({
  userId, aadObjectId: `aad-${userId}`, displayName, status: "ACTIVE", primaryLabId: null, grants,
});

export async function buildFixture(db: Db): Promise<Fixture> {
  const zones = { BOS: "America/New_York", LON: "Europe/London", SFO: "America/Los_Angeles" };
  const lab = (code: keyof typeof zones, timeZone = zones[code]) => db.lab.create({ data: { code, name: `${code} lab`, timeZone } });
  const bos = await lab("BOS");
  const lon = await lab("LON");
  const sfo = await lab("SFO");
  const tech = await db.user.create({ data: { aadObjectId: "aad-tech", upn: "tech@x.test", displayName: "Tess Tech", primaryLabId: bos.id } });
  const model = await db.equipmentModel.create({ data: { manufacturer: "Acme", name: "Freezer -80", frequencies: ["DAILY", "MONTHLY"] } });
  const equipment = async (assetTag: string, labId: number) =>
    (await db.equipment.create({ data: { assetTag, modelId: model.id, labId, location: "Room 1", commissionedOn: new Date("2024-05-01") } })).id;
  const eq = { B1: await equipment("BOS-FRZ-001", bos.id), L1: await equipment("LON-FRZ-001", lon.id), S1: await equipment("SFO-FRZ-001", sfo.id) };
  await db.equipmentEvent.createMany({
    data: [
      { equipmentId: eq.B1, kind: "CREATED", toStatus: "ACTIVE", toLabId: sfo.id, at: new Date("2025-12-01T10:00:00Z") },
      { equipmentId: eq.B1, kind: "TRANSFERRED", fromLabId: sfo.id, toLabId: bos.id, reason: "Moved to Boston", actorId: tech.id, at: new Date("2026-01-06T15:00:00Z") },
      { equipmentId: eq.B1, kind: "STATUS_CHANGED", fromStatus: "ACTIVE", toStatus: "IN_REPAIR", reason: "Compressor noise", actorId: tech.id, at: new Date("2026-02-12T15:00:00Z") },
      { equipmentId: eq.B1, kind: "EDITED", reason: "typo", at: new Date("2026-02-13T15:00:00Z") },
    ],
  });
  const labs = { BOS: bos.id, LON: lon.id, SFO: sfo.id };
  const records = new Map<string, number>();
  for (const r of RECORDS) {
    const due = new Date(r.due);
    // A daily period is the day before its due time; a monthly one, the lab-local month of that day.
    const dayBefore = new Date(due.getTime() - 86_400_000);
    const periodStart = r.freq === "MONTHLY" ? periodOf("MONTHLY", localDateOf(dayBefore, zones[r.lab]), zones[r.lab]).start : dayBefore;
    const created = await db.pmRecord.create({
      data: {
        labId: labs[r.lab], number: r.n, equipmentId: eq[r.eq], frequency: r.freq,
        periodStart, periodEnd: due, dueAt: due,
        status: r.done ? "COMPLETED" : "OPEN", completedAt: r.done ? new Date(r.done) : null, completedById: r.done ? tech.id : null,
        result: r.done ? (r.result ?? "PASS") : null, comment: r.comment ?? null,
      },
    });
    records.set(`${r.lab}-${r.n}`, created.id);
  }
  const failed = records.get("BOS-2")!;
  await db.pmTaskResult.createMany({
    data: [
      { recordId: failed, position: 1, title: "Chamber temperature", kind: "READING", unit: "°C", min: -86, max: -74, required: true, reading: -61.5, passed: false },
      { recordId: failed, position: 2, title: "Door gasket intact", kind: "CHECK", required: true, outcome: "DONE", passed: true },
    ],
  });
  await db.pmAmendment.create({ data: { recordId: records.get("BOS-1")!, reason: "Wrong reading", actorId: tech.id, changes: { before: {}, after: {} } } });
  return {
    labs, equipment: eq, records,
    admin: principal(tech.id + 100, "Ada Admin", [{ labId: null, role: "ADMINISTRATOR" }]),
    auditor: principal(tech.id + 101, "Mona Manager", [{ labId: bos.id, role: "MANAGER" }, { labId: lon.id, role: "LOCAL_AUDIT" }]),
    technician: principal(tech.id, "Tess Tech", [{ labId: bos.id, role: "TECHNICIAN" }]),
  };
}
