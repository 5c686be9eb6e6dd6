import { useState } from "react";
import { Field, Textarea } from "@fluentui/react-components";
import type { RegulatedEntity } from "../../../domain/audit/regulated.ts";
import { useSession } from "../shell/session.ts";
import { FormDialog } from "./FormDialog.tsx";
import { useSubmit } from "./useLoad.ts";

/**
 * Reason for change (Annex 11 §9). The server says which fields are regulated (GET /api/me) and
 * refuses a regulated edit without a reason; the tab asks for one only when such a field changed.
 */
export function useRegulated(entity: RegulatedEntity): (changed: readonly string[]) => string[] {
  const { me } = useSession();
  const regulated = me.regulatedFields[entity];
  return (changed) => changed.filter((field) => regulated.includes(field));
}

/** The keys whose values differ between what was loaded and what will be sent. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null));
}

export function ReasonField({ value, onChange, missing, regulated }: { value: string; onChange: (value: string) => void; missing: boolean; regulated: readonly string[] }) {
  return (
    <Field label="Reason for change" required hint={`Kept in the audit trail: ${regulated.join(", ")} is regulated.`} validationMessage={missing ? "Say why this change is made." : undefined}>
      <Textarea value={value} maxLength={1000} onChange={(_, d) => onChange(d.value)} />
    </Field>
  );
}

/** A one-click regulated action (deactivate a task, revoke access) asks its reason in a small dialog. */
export function ReasonDialog({ title, submitLabel, regulated, onSubmit, onClose }: {
  title: string;
  submitLabel: string;
  regulated: readonly string[];
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const submit = useSubmit();
  const save = async () => {
    setTried(true);
    if (!reason.trim()) return;
    if (await submit.run(() => onSubmit(reason.trim()))) onClose();
  };
  return (
    <FormDialog title={title} submitLabel={submitLabel} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <ReasonField value={reason} onChange={setReason} missing={tried && !reason.trim()} regulated={regulated} />
    </FormDialog>
  );
}
