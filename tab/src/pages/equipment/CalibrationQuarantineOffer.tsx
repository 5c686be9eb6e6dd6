import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CorrectiveActionDetail, RecordCalibrationAnswer } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { navigate } from "../../shell/routes.ts";

/**
 * After an out-of-tolerance calibration (R-CAL → R-QUAR), as after a failed check: the offer to
 * take the instrument out of service and open a corrective action (the lab's OFFER setting), or
 * the corrective action already open (FORCE, or opened earlier).
 */
export function CalibrationQuarantineOffer({ answer, assetTag, onDone }: { answer: RecordCalibrationAnswer; assetTag: string; onDone: () => void }) {
  const submit = useSubmit();
  const failure = answer.failure;
  if (!failure) return null;
  const ca = failure.correctiveAction;
  const failed = answer.calibration.result === "FAIL";
  const accept = () =>
    void submit.run(async () => {
      const opened = await api.post<CorrectiveActionDetail>(`/api/calibrations/${answer.calibration.id}/quarantine`, {});
      onDone();
      navigate(`#/corrective/${opened.id}`);
    });
  return (
    <>
      <MessageBar intent={ca ? "warning" : "error"} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{failed ? "Out of tolerance" : "Found out of tolerance (adjusted)"}: {failure.problem}</MessageBarTitle>
          {ca ? (
            <>Corrective action <Link href={`#/corrective/${ca.id}`}>{ca.number}</Link> is {ca.status === "OPEN" ? "open" : "closed"} for {assetTag}.</>
          ) : failure.offerQuarantine ? (
            <>Take {assetTag} out of service and open a corrective action assigned to you? It lists what was measured since the last good check for a QA decision.</>
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
