import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { decodeJwt } from "jose";
import { startIssuer, type Issuer } from "../support/issuer.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { DEMO_SIGNING_PINS } from "../../domain/seed/pins.ts";
import { labTime } from "../../domain/time/format.ts";
import { buildApiWorld, type ApiWorld } from "./world.ts";


// R-SIGN through the real server: signing tokens from the Entra stand-in (auth_time) and the
// development PIN sign-in, sent as X-Labkeep-Signature.
describe("electronic signatures (R-SIGN)", () => {
  let issuer: Issuer;
  let server: TestServer;
  let world!: ApiWorld;
  const groupId = randomUUID();
  const pat = { oid: randomUUID(), upn: "pat@contoso.test", name: "Pat Doe", groups: [groupId] };
  const sam = { oid: randomUUID(), upn: "sam@contoso.test", name: "Sam Roe", groups: [groupId] };

  before(async () => {
    issuer = await startIssuer();
    server = await startTestServer(
      {
        DEV_SIGN_IN: "true",
        AUTH_CLIENT_ID: issuer.clientId,
        AUTH_TENANT_IDS: issuer.tenantId,
        AUTH_AUTHORITY_HOST: issuer.url,
        AUTH_V1_ISSUER_HOST: issuer.v1Host,
        AUTH_GROUP_MAP: JSON.stringify({ [groupId]: { lab: "BOS", role: "TECHNICIAN" } }),
        SIGNATURE_AUTH_MAX_AGE_SECONDS: "300",
      },
      { prepare: async (db) => void (world = await buildApiWorld(db.prisma)) },
    );
  });
  after(async () => {
    await server?.close();
    await issuer?.close();
  });

  const db = () => server.database.prisma;
  let taken = 0;
  /** An open BOS record and the answers that complete it. */
  async function openRecord() {
    const records = await db().pmRecord.findMany({ where: { labId: world.labs.BOS, status: "OPEN" }, orderBy: { id: "asc" }, include: { equipment: true } });
    const record = records[taken++]!;
    const tasks = await db().checklistTask.findMany({ where: { modelId: record.equipment.modelId, frequency: record.frequency, active: true }, orderBy: { position: "asc" } });
    const results = tasks.map((t) => (t.kind === "READING" ? { taskId: t.id, reading: t.min ?? t.max ?? 1 } : t.kind === "TEXT" ? { taskId: t.id, text: "ok" } : { taskId: t.id, outcome: "DONE" }));
    return { id: record.id, body: { results, comment: "signed test" } };
  }
  const complete = (id: number, token: string, signature?: string) =>
    server.call("POST", `/api/records/${id}/complete`, { token, body: (openBodies.get(id) as object) ?? {}, headers: signature ? { "x-labkeep-signature": signature } : {} });
  const openBodies = new Map<number, unknown>();
  async function prepared() {
    const r = await openRecord();
    openBodies.set(r.id, r.body);
    return r.id;
  }
  const refusals = async (id: number) =>
    (await db().auditEvent.findMany({ where: { action: "signature.refused", entityId: `record:${id}` }, orderBy: { seq: "asc" } })).map((e) => (e.after as { reason: string }).reason);

  it("refuses an Entra signing token whose auth_time is older than the window, and audits the attempt", async () => {
    const id = await prepared();
    const token = await issuer.token(pat);
    const stale = await complete(id, token, await issuer.token(pat, { authAgeSeconds: 301 }));
    assert.equal(stale.status, 403, JSON.stringify(stale.body));
    assert.equal(stale.body.error.code, "signature_auth_required");
    assert.equal((await db().pmRecord.findUniqueOrThrow({ where: { id } })).status, "OPEN");
    const none = await complete(id, token, await issuer.token(pat));
    assert.equal(none.body.error.code, "signature_auth_required");
    assert.deepEqual(await refusals(id), ["stale", "no_auth_time"]);
  });

  it("accepts a fresh one: the record shows the printed name, meaning and lab time with zone", async () => {
    const id = await prepared();
    const response = await complete(id, await issuer.token(pat), await issuer.token(pat, { authAgeSeconds: 20 }));
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const signed = await db().signature.findFirstOrThrow({ where: { subjectType: "record", subjectId: String(id) } });
    const [sig] = response.body.signatures;
    assert.equal(sig.signerName, "Pat Doe");
    assert.equal(sig.meaning, "PERFORMED");
    assert.equal(sig.valid, true);
    assert.equal(sig.authMethod, "entra");
    const lab = await db().lab.findUniqueOrThrow({ where: { id: world.labs.BOS } });
    assert.equal(sig.signedAtText, labTime(signed.signedAt, lab));
    assert.equal(sig.text, `Performed by Pat Doe, ${sig.signedAtText}`);
    const again = await server.call("GET", `/api/records/${id}`, { token: await issuer.token(pat) });
    assert.equal(again.body.signatures[0].text, sig.text);
    assert.equal(again.body.awaitingSignature, false);
  });

  it("refuses someone else's fresh token: a signature is never made for another user", async () => {
    const id = await prepared();
    const response = await complete(id, await issuer.token(pat), await issuer.token(sam, { authAgeSeconds: 5 }));
    assert.equal(response.status, 403);
    assert.equal(response.body.error.code, "signature_auth_required");
    assert.deepEqual(await refusals(id), ["another_user"]);
    assert.equal(await db().signature.count({ where: { subjectId: String(id) } }), 0);
  });

  it("development: the PIN sign-in mints a token with auth_time; a wrong PIN is refused and audited", async () => {
    const tom = (await server.call("POST", "/api/dev/token", { body: { upn: "tom.tech@labkeep.dev" } })).body.token as string;
    assert.equal(decodeJwt(tom).auth_time, undefined, "an ordinary sign-in is not a signing sign-in");
    const wrong = await server.call("POST", "/api/dev/signing-token", { token: tom, body: { pin: "0000" } });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error.details.reason, "wrong_pin");
    const tomId = (await db().user.findUniqueOrThrow({ where: { upn: "tom.tech@labkeep.dev" } })).id;
    assert.equal(await db().auditEvent.count({ where: { action: "signature.refused", entityId: `sign-in:${tomId}` } }), 1);
    const right = await server.call("POST", "/api/dev/signing-token", { token: tom, body: { pin: "1847" } });
    assert.equal(right.status, 200);
    const authTime = decodeJwt(right.body.token).auth_time as number;
    assert.ok(Math.abs(authTime - Date.now() / 1000) < 5);
    const id = await prepared();
    // The plain dev token (no auth_time) cannot sign; the PIN token can.
    assert.equal((await complete(id, tom, tom)).body.error.details.reason, "no_auth_time");
    const done = await complete(id, tom, right.body.token);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.signatures[0].text.startsWith("Performed by Tom Edison, "), true);
    assert.equal(done.body.signatures[0].authMethod, "dev-pin");
  });

  it("an amendment invalidates the signature visibly, in the record, the export and the print view", async () => {
    const tom = (await server.call("POST", "/api/dev/token", { body: { upn: "tom.tech@labkeep.dev" } })).body.token as string;
    const pin = (await server.call("POST", "/api/dev/signing-token", { token: tom, body: { pin: "1847" } })).body.token as string;
    const id = await prepared();
    const done = await complete(id, tom, pin);
    assert.equal(done.status, 200);
    const signedText = done.body.signatures[0].text as string;
    const marie = (await server.call("POST", "/api/dev/token", { body: { upn: "marie.manager@labkeep.dev" } })).body.token as string;
    const amended = await server.call("POST", `/api/records/${id}/amend`, { token: marie, body: { reason: "Typo in the comment", comment: "corrected" } });
    assert.equal(amended.status, 200, JSON.stringify(amended.body));
    assert.equal(amended.body.signatures[0].valid, false);
    assert.equal(amended.body.signatures[0].text, `${signedText} (signature no longer matches the record)`);
    assert.equal(amended.body.awaitingSignature, true);

    const record = await db().pmRecord.findUniqueOrThrow({ where: { id } });
    const csv = await server.call("GET", `/api/reports/equipment-history.csv?equipmentId=${record.equipmentId}`, { token: marie });
    assert.equal(csv.status, 200, JSON.stringify(csv.body));
    const number = done.body.number as string;
    const line = String(csv.body).split("\n").find((l) => l.includes(number))!;
    assert.ok(line.endsWith(`,Tom Edison,"${signedText} (signature no longer matches the record)"`), line);

    const print = await server.call("GET", `/api/records/${id}/print`, { token: marie });
    assert.equal(print.status, 200);
    assert.match(print.headers.get("content-type") ?? "", /^text\/html/);
    const html = String(print.body);
    assert.ok(html.includes(`${signedText} (signature no longer matches the record)`));
    assert.ok(html.includes("Typo in the comment"));
    assert.ok(html.includes("signature.signed") && html.includes("record.amended"));
    // A technician can view the record but not the audit trail: no print view.
    assert.equal((await server.call("GET", `/api/records/${id}/print`, { token: tom })).status, 403);
  });

  it("the print view shows every signature of the record and its amendments (printed name, meaning, time with zone); others get 403 or 404", async () => {
    const token = async (upn: string) => (await server.call("POST", "/api/dev/token", { body: { upn } })).body.token as string;
    const pinFor = async (bearer: string, pin: string) => (await server.call("POST", "/api/dev/signing-token", { token: bearer, body: { pin } })).body.token as string;
    const tom = await token("tom.tech@labkeep.dev");
    const marie = await token("marie.manager@labkeep.dev");
    const id = await prepared();
    assert.equal((await complete(id, tom, await pinFor(tom, DEMO_SIGNING_PINS["tom.tech@labkeep.dev"]!))).status, 200);
    const amend = (body: object, headers: Record<string, string> = {}) => server.call("POST", `/api/records/${id}/amend`, { token: marie, body, headers });
    assert.equal((await amend({ reason: "Speed written in the comment", comment: "Speed 1500 rpm" }, { "x-labkeep-signature": await pinFor(marie, DEMO_SIGNING_PINS["marie.manager@labkeep.dev"]!) })).status, 200);
    assert.equal((await amend({ reason: "Unsigned note", comment: "Speed 1500 rpm, rotor A" })).status, 200);

    const lab = await db().lab.findUniqueOrThrow({ where: { id: world.labs.BOS } });
    const amendments = await db().pmAmendment.findMany({ where: { recordId: id }, orderBy: { id: "asc" } });
    const signatures = await db().signature.findMany({ where: { OR: [{ subjectType: "record", subjectId: String(id) }, { subjectType: "amendment", subjectId: { in: amendments.map((a) => String(a.id)) } }] }, orderBy: { id: "asc" } });
    const label = { PERFORMED: "Performed by", REVIEWED: "Reviewed by", APPROVED: "Approved by" } as const;
    const manifestation = (sig: (typeof signatures)[number]) => `${label[sig.meaning]} ${sig.signerName}, ${labTime(sig.signedAt, lab)}`;
    assert.deepEqual(signatures.map((sig) => [sig.subjectType, sig.signerName, sig.meaning]), [["record", "Tom Edison", "PERFORMED"], ["amendment", "Marie Curie", "PERFORMED"]]);

    const print = await server.call("GET", `/api/records/${id}/print`, { token: marie });
    assert.equal(print.status, 200);
    const html = String(print.body);
    // The record's signature no longer matches (amended since); the amendment's does.
    const [performed, amendmentSignature] = signatures as [(typeof signatures)[number], (typeof signatures)[number]];
    assert.ok(html.includes(`<strong>${manifestation(performed)} (signature no longer matches the record)</strong>`), html);
    assert.ok(html.includes(`<strong>${manifestation(amendmentSignature)}</strong>`));
    assert.match(manifestation(amendmentSignature), / \(BOS time\)$/);
    const sections = html.split('<section class="amendment">').slice(1);
    assert.equal(sections.length, amendments.length);
    assert.ok(sections[0]!.includes(`Reason: ${amendments[0]!.reason}`) && sections[0]!.includes(manifestation(amendmentSignature)));
    assert.ok(sections[1]!.includes(`Reason: ${amendments[1]!.reason}`) && sections[1]!.includes("Amendment not signed."));

    // A technician of the lab may not view the audit trail (403); another lab's manager does not see the record at all (404).
    assert.equal((await server.call("GET", `/api/records/${id}/print`, { token: tom })).status, 403);
    const lena = await server.call("GET", `/api/records/${id}/print`, { token: await token("lena.manager@labkeep.dev") });
    assert.equal(lena.status, 404);
    assert.doesNotMatch(String(JSON.stringify(lena.body)), /Tom Edison|Marie Curie/);
  });
});
