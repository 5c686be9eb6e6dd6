import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { CorrectiveActionDetail, RecordDetail } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { navigate } from "../../shell/routes.ts";

/**
 * After a failed check (R-QUAR): the offer to take the instrument out of service and open a
 * corrective action, or the corrective action already open (the lab's FORCE setting, or earlier).
 */
export function QuarantineOffer({ record, onDone }: { record: RecordDetail; onDone: () => void }) {
  const submit = useSubmit();
  const failure = record.failure;
  if (!failure) return null;
  const ca = failure.correctiveAction;
  const accept = () =>
    void submit.run(async () => {
      const opened = await api.post<CorrectiveActionDetail>(`/api/records/${record.id}/quarantine`, {});
      onDone();
      navigate(`#/corrective/${opened.id}`);
    });
  return (
    <>
      <MessageBar intent={ca ? "warning" : "error"} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Failed: {failure.problem}</MessageBarTitle>
          {ca ? (
            <>Corrective action <Link href={`#/corrective/${ca.id}`}>{ca.number}</Link> is {ca.status === "OPEN" ? "open" : "closed"} for {record.equipment.assetTag}.</>
          ) : failure.offerQuarantine ? (
            <>Take {record.equipment.assetTag} out of service and open a corrective action assigned to you?</>
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
