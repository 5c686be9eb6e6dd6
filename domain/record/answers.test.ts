import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/db.ts";
import { createWorld, makeEquipment, makeModel, makeRecord, NOW, type World } from "../../tests/support/fixtures/world.ts";
import { AppError } from "../errors.ts";
import { answerText, NOT_ANSWERED, readAnswers, serviceProblemsByTask } from "./answers.ts";
import type { TaskSnapshot } from "./checklist.ts";
import { completeRecord, getRecord } from "./record.service.ts";

const task = (taskId: number, kind: TaskSnapshot["kind"], extra: Partial<TaskSnapshot> = {}): TaskSnapshot => ({
  taskId, position: taskId, title: `Task ${taskId}`, kind, unit: null, min: null, max: null, required: true, ...extra,
});

describe("reading raw answers", () => {
  const tasks = [task(1, "CHECK"), task(2, "CHECK", { required: false }), task(3, "READING", { unit: "°C", min: 2, max: 8 }), task(4, "TEXT", { required: false })];

  test("blank optional answers are sent as nothing, explicit N/A as N/A, a decimal comma as a number", () => {
    const read = readAnswers(tasks, { 1: { outcome: "NOT_APPLICABLE" }, 2: { outcome: "" }, 3: { reading: " 4,5 " }, 4: { text: "  " } });
    assert.deepEqual(read.problems, {});
    assert.deepEqual(read.results, [{ taskId: 1, outcome: "NOT_APPLICABLE" }, { taskId: 3, reading: 4.5 }]);
  });

  test("problems are keyed by task id: a missing required answer, an unreadable reading, an unknown outcome", () => {
    const read = readAnswers(tasks, { 1: { outcome: "MAYBE" }, 3: { reading: "warm" } });
    assert.deepEqual(Object.keys(read.problems).map(Number), [1, 3]);
    assert.match(read.problems[1]!, /Choose done, not done or not applicable for "Task 1"/);
    assert.match(read.problems[3]!, /reading of "Task 3" must be a number/);
    assert.match(readAnswers(tasks, { 1: { outcome: "DONE" } }).problems[3]!, /"Task 3" needs a reading in °C/);
  });

  test("a stored answer reads as its label, and a blank one as not answered, never as N/A", () => {
    const stored = { unit: null, reading: null, text: null };
    assert.equal(answerText({ ...stored, kind: "CHECK", outcome: "NOT_APPLICABLE" }), "N/A");
    assert.equal(answerText({ ...stored, kind: "CHECK", outcome: null }), NOT_ANSWERED);
    assert.equal(answerText({ ...stored, kind: "READING", outcome: null, reading: 4.5, unit: "°C" }), "4.5 °C");
    assert.equal(answerText({ ...stored, kind: "TEXT", outcome: null }), NOT_ANSWERED);
  });
});

describe("through the service", () => {
  let tdb: TestDatabase;
  let w: World;
  let model: Awaited<ReturnType<typeof makeModel>>;
  let equipment: Awaited<ReturnType<typeof makeEquipment>>;

  before(async () => {
    tdb = await createTestDatabase();
    w = await createWorld(tdb.prisma);
    model = await makeModel(tdb.prisma, "DAILY", [
      { title: "Lid sealed", kind: "CHECK" },
      { title: "Filter changed", kind: "CHECK", required: false },
      { title: "Seal intact", kind: "CHECK", required: false },
    ]);
    equipment = await makeEquipment(tdb.prisma, w.labs.BOS, model.model.id);
  });
  after(async () => {
    await tdb?.close();
  });

  const openRecord = () => makeRecord(tdb.prisma, equipment, "DAILY", new Date(NOW.getTime() - 20 * 3_600_000 - Math.random() * 1000), new Date(NOW.getTime() + 4 * 3_600_000));

  test("an optional check left blank is stored with no outcome; an explicit N/A as N/A", async () => {
    const record = await openRecord();
    const [sealed, filter, seal] = model.tasks;
    const detail = await getRecord(w.as("tom.tech"), record.id);
    const { results, problems } = readAnswers(detail.checklist, { [sealed!.id]: { outcome: "DONE" }, [filter!.id]: { outcome: "" }, [seal!.id]: { outcome: "NOT_APPLICABLE" } });
    assert.deepEqual(problems, {});
    const done = await completeRecord(w.as("tom.tech"), record.id, { results });
    assert.deepEqual(done.results.map((r) => [r.title, r.outcome, answerText(r)]), [
      ["Lid sealed", "DONE", "Done"],
      ["Filter changed", null, NOT_ANSWERED],
      ["Seal intact", "NOT_APPLICABLE", "N/A"],
    ]);
    assert.equal(done.result, "PASS");
  });

  test("the service's problems come back keyed by the task they are about", async () => {
    const record = await openRecord();
    const [sealed, filter] = model.tasks;
    const error = await completeRecord(w.as("tom.tech"), record.id, { results: [{ taskId: filter!.id, outcome: "DONE" }, { taskId: 999_999, outcome: "DONE" }] }).then(
      () => assert.fail("completed without the required answer"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof AppError && error.code === "validation_failed");
    const byTask = serviceProblemsByTask(error.details, model.tasks.map((t) => t.id));
    assert.match(byTask[sealed!.id]!.join(), /"Lid sealed" is required/);
    assert.match(byTask[0]!.join(), /Task 999999 is not on this checklist/);
    assert.equal(byTask[filter!.id], undefined);
  });
});
