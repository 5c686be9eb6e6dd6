import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { api } from "../api/client.ts";
import type { CorrectiveActionDetail, RecordCalibrationAnswer, RecordDetail } from "../api/types.ts";
import { navigate } from "../shell/routes.ts";
import { ErrorBar } from "./ErrorBar.tsx";
import { useSubmit } from "./useLoad.ts";

type Failure = NonNullable<RecordDetail["failure"]> | NonNullable<RecordCalibrationAnswer["failure"]>;

/**
 * After a failed check or an out-of-tolerance calibration (R-QUAR): the offer to take the
 * instrument out of service and open a corrective action (the lab's OFFER setting), or the
 * corrective action already open (FORCE, or opened earlier). `quarantinePath` is the route that
 * accepts the offer for what failed (`/api/records/:id/quarantine`, `/api/calibrations/:id/quarantine`).
 */
export function QuarantineOffer({ title, failure, assetTag, quarantinePath, offerNote, onDone }: {
  title: string;
  /** Nothing is shown without a failure. */
  failure: Failure | null;
  assetTag: string;
  quarantinePath: string;
  /** Said after the offer's question (e.g. what the impact list will hold). */
  offerNote?: string;
  onDone: () => void;
}) {
  const submit = useSubmit();
  if (!failure) return null;
  const ca = failure.correctiveAction;
  const accept = () =>
    void submit.run(async () => {
      const opened = await api.post<CorrectiveActionDetail>(quarantinePath, {});
      onDone();
      navigate(`#/corrective/${opened.id}`);
    });
  return (
    <>
      <MessageBar intent={ca ? "warning" : "error"} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{title}: {failure.problem}</MessageBarTitle>
          {ca ? (
            <>Corrective action <Link href={`#/corrective/${ca.id}`}>{ca.number}</Link> is {ca.status === "OPEN" ? "open" : "closed"} for {assetTag}.</>
          ) : failure.offerQuarantine ? (
            <>Take {assetTag} out of service and open a corrective action assigned to you?{offerNote ? ` ${offerNote}` : ""}</>
          ) : (
            <>A manager or technician of the lab decides whether to take it out of service.</>
          )}
        </MessageBarBody>
        {!ca && failure.offerQuarantine && (
          <MessageBarActions>
            <Button appearance="primary" disabled={submit.busy} onClick={accept}>Take out of service</Button>
          </MessageBarActions>
        )}
      </MessageBar>
      {submit.error && <ErrorBar message={submit.error} />}
    </>
  );
}
