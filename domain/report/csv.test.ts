import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { csvFile, csvHeader, csvRows, safeCsvText } from "./csv.ts";

test("text that would start a formula gets an apostrophe; other text and numbers are unchanged", () => {
  const cases: [string, string][] = [
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    [" =1", "' =1"],
    ["a=1", "a=1"],
    ["Room 12", "Room 12"],
    ["", ""],
  ];
  for (const [input, expected] of cases) assert.equal(safeCsvText(input), expected, JSON.stringify(input));
  const [row] = parse(csvRows([["=1+1", -61.5, 7n, null, 'say "hi", then go']]));
  assert.deepEqual(row, ["'=1+1", "-61.5", "7", "", 'say "hi", then go']);
});

test("a file starts with a byte-order mark and its header; parts join into the same file", () => {
  const whole = csvFile(["a", "b"], [["x", 1], ["=y", 2]]).toString("utf8");
  assert.ok(whole.startsWith("\ufeffa,b\n"));
  assert.equal(whole, `${csvHeader(["a", "b"])}${csvRows([["x", 1]])}${csvRows([["=y", 2]])}`);
  assert.deepEqual(parse(whole, { bom: true }), [["a", "b"], ["x", "1"], ["'=y", "2"]]);
});
