import { useState } from "react";
import { Badge, Button, Field, Input, Select, Subtitle1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, Title2, makeStyles, tokens } from "@fluentui/react-components";
import type { TrailReview } from "../../../../domain/trail/trail.service.ts";
import { api } from "../../api/client.ts";
import { useSignature } from "../../components/signature.tsx";
import type { Wire } from "../../api/wire.ts";
import { labPreviousMonth } from "../../../../domain/time/format.ts";
import { labClock, useCan, useSession } from "../../shell/session.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useLoad, useSubmit } from "../../components/useLoad.ts";

type Review = Wire<TrailReview>;

const useStyles = makeStyles({
  filters: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "flex-end", marginBottom: tokens.spacingVerticalL, "@media print": { display: "none" } },
  card: { backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, marginTop: tokens.spacingVerticalL },
  counts: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  noPrint: { "@media print": { display: "none" } },
  table: { tableLayout: "auto" },
});

/**
 * Audit-trail review (EU GMP Annex 11 §9): QA reads the exceptions of a lab and period, exports
 * or prints them, and signs the review off (an electronic signature bound to the report's hash).
 */
export default function AuditReviewPage() {
  const styles = useStyles();
  const session = useSession();
  const can = useCan();
  const [labId, setLabId] = useState(String(session.labId ?? session.labs[0]?.id ?? ""));
  // The usual period of a periodic review: the lab's previous calendar month.
  const [period, setPeriod] = useState(() => labPreviousMonth(new Date(), labClock(session, Number(labId))));
  const query = { labId, from: period.from, to: period.to };
  const { data, error, loading, reload } = useLoad("trail-review", () => api.get<Review>("/api/audit/review", query), [labId, period.from, period.to]);
  const exporting = useSubmit();
  const signing = useSubmit();
  const [meaning, setMeaning] = useState<"REVIEWED" | "APPROVED">("REVIEWED");
  const [comment, setComment] = useState("");
  const maySign = can("audit", "signOff", Number(labId));
  const signature = useSignature(meaning, "this report");

  const signOff = async (review: Review) => {
    const ok = await signing.run(() => signature.run((options) => api.post("/api/audit/review/sign-off", { labId: Number(labId), from: review.from, to: review.to, meaning, contentHash: review.contentHash, comment: comment.trim() || null }, options)));
    if (ok) { setComment(""); reload(); }
  };

  return (
    <section aria-labelledby="review-title">
      <Title2 as="h1" id="review-title">Audit-trail review</Title2>
      <div className={styles.filters} role="search">
        <Field label="Lab">
          <Select value={labId} onChange={(_, d) => setLabId(d.value)}>
            {session.labs.map((lab) => <option key={lab.id} value={lab.id}>{lab.code}</option>)}
          </Select>
        </Field>
        <Field label="From"><Input type="date" value={period.from} onChange={(_, d) => d.value && setPeriod((p) => ({ ...p, from: d.value }))} /></Field>
        <Field label="To"><Input type="date" value={period.to} onChange={(_, d) => d.value && setPeriod((p) => ({ ...p, to: d.value }))} /></Field>
        <Button disabled={exporting.busy} onClick={() => void exporting.run(() => api.download("/api/audit/review/export.csv", query, "labkeep-trail-review.csv"))}>Export CSV</Button>
        <Button onClick={() => window.print()}>Print</Button>
      </div>
      <Loading loading={loading} what="the review" />
      {(error || exporting.error) && <ErrorBar message={error ?? exporting.error ?? ""} onRetry={reload} />}
      {data && (
        <>
          <Text block data-testid="review-period">{data.lab.code} — {data.lab.name}: {data.window.text}</Text>
          <div className={styles.counts} aria-label="Exceptions by kind" role="list">
            {data.kinds.map((k) => <Badge key={k.kind} role="listitem" appearance="tint" color={k.count ? "warning" : "success"} data-testid={`count-${k.kind}`}>{k.label}: {k.count}</Badge>)}
          </div>
          <div className={styles.card}>
            <Table className={styles.table} size="small" aria-label="Exceptions" data-testid="review-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Kind</TableHeaderCell>
                  <TableHeaderCell>When</TableHeaderCell>
                  <TableHeaderCell>Record or person</TableHeaderCell>
                  <TableHeaderCell>Asset tag</TableHeaderCell>
                  <TableHeaderCell>By</TableHeaderCell>
                  <TableHeaderCell>Detail</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.exceptions.map((e, i) => (
                  <TableRow key={`${e.kind}-${e.auditSeq ?? i}-${e.reference}`}>
                    <TableCell>{e.label}</TableCell>
                    <TableCell>{e.atText}</TableCell>
                    <TableCell>{e.reference}</TableCell>
                    <TableCell>{e.assetTag ?? ""}</TableCell>
                    <TableCell>{e.actor}</TableCell>
                    <TableCell>{e.detail}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {data.total === 0 && <Text block>No exceptions in this period.</Text>}
          </div>
          <div className={styles.card}>
            <Subtitle1 as="h2">Sign-off</Subtitle1>
            <Text block>Report SHA-256: <span className={styles.hash} data-testid="review-hash">{data.contentHash}</span></Text>
            {data.signOffs.length === 0 && <Text block>Not signed off yet.</Text>}
            <ul aria-label="Sign-offs">
              {data.signOffs.map((s) => (
                <li key={s.id}>
                  {s.signatures[0]?.text ?? `${s.meaning} by ${s.signer.name}, ${s.signedAtText}`}
                  {s.comment ? ` — ${s.comment}` : ""}
                  {!s.matches && <Badge appearance="filled" color="danger"> The report changed after this sign-off</Badge>}
                </li>
              ))}
            </ul>
            {maySign && (
              <form className={styles.noPrint} aria-label="Sign off this review" onSubmit={(event) => { event.preventDefault(); void signOff(data); }} noValidate>
                <Field label="Meaning">
                  <Select value={meaning} onChange={(_, d) => setMeaning(d.value as "REVIEWED" | "APPROVED")}>
                    <option value="REVIEWED">Reviewed</option>
                    <option value="APPROVED">Approved</option>
                  </Select>
                </Field>
                <Field label="Comment"><Textarea value={comment} maxLength={2000} onChange={(_, d) => setComment(d.value)} /></Field>
                {signature.fields}
                <Button type="submit" appearance="primary" disabled={signing.busy}>Sign off</Button>
                {signing.error && <ErrorBar message={signing.error} />}
              </form>
            )}
          </div>
        </>
      )}
    </section>
  );
}
