import { useState } from "react";
import { Badge, Button, Subtitle1, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import type { Frequency, Task } from "../../api/types.ts";
import { ErrorBar } from "../../components/ErrorBar.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { frequencyLabel } from "../../components/format.ts";
import { limitsText } from "../maintenance/limits.ts";
import { TaskDialog } from "./TaskDialog.tsx";
import { ReasonDialog, useRegulated } from "../../components/ReasonField.tsx";

const useStyles = makeStyles({
  header: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalS },
  buttons: { display: "flex", gap: tokens.spacingHorizontalXS },
  inactive: { color: tokens.colorNeutralForeground4 },
  table: { tableLayout: "auto" },
});

const KIND_LABELS = { CHECK: "Check", READING: "Reading", TEXT: "Text" } as const;

/** The tasks of one frequency: add, edit, reorder (move up/down), deactivate. */
export function TaskList({ modelId, frequency, tasks, editable, enabled, onChanged }: {
  modelId: number; frequency: Frequency; tasks: Task[]; editable: boolean; enabled: boolean; onChanged: () => void;
}) {
  const styles = useStyles();
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<Task | "new" | null>(null);
  const change = useSubmit();
  const regulatedOf = useRegulated("task");
  const [asking, setAsking] = useState<{ title: string; label: string; regulated: string[]; send: (reason: string) => Promise<unknown> } | null>(null);
  // A regulated one-click change asks its reason first; an unregulated one goes at once.
  const perform = (field: string, title: string, label: string, send: (reason?: string) => Promise<unknown>) => {
    const regulated = regulatedOf([field]);
    if (regulated.length) setAsking({ title, label, regulated, send: async (reason) => { await send(reason); onChanged(); } });
    else void change.run(() => send()).then((ok) => ok && onChanged());
  };
  const active = tasks.filter((t) => t.active);
  const shown = showInactive ? tasks : active;
  const headingId = `tasks-${frequency.toLowerCase()}`;

  const move = (task: Task, by: -1 | 1) => {
    const ids = active.map((t) => t.id);
    const from = ids.indexOf(task.id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    perform("order", `Move ${task.title}`, "Move", (reason) => api.put(`/api/models/${modelId}/tasks/order`, { frequency, taskIds: ids, reason }));
  };
  const deactivate = (task: Task) => {
    perform("active", `Deactivate ${task.title}`, "Deactivate", (reason) => api.post(`/api/models/${modelId}/tasks/${task.id}/deactivate`, { reason }));
  };

  return (
    <section aria-labelledby={headingId} data-testid={`tasks-${frequency}`}>
      <div className={styles.header}>
        <Subtitle1 as="h2" id={headingId}>{frequencyLabel(frequency)} tasks</Subtitle1>
        {!enabled && <Badge appearance="tint" color="warning">Frequency not enabled</Badge>}
        <Switch label="Show deactivated" checked={showInactive} onChange={(_, d) => setShowInactive(d.checked)} />
        {editable && <Button appearance="primary" onClick={() => setEditing("new")}>Add {frequencyLabel(frequency).toLowerCase()} task</Button>}
      </div>
      {change.error && <ErrorBar message={change.error} />}
      {shown.length === 0 ? <Text>No tasks.</Text> : (
        <Table className={styles.table} size="small" aria-labelledby={headingId}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>#</TableHeaderCell>
              <TableHeaderCell>Task</TableHeaderCell>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>Limits</TableHeaderCell>
              <TableHeaderCell>Required</TableHeaderCell>
              {editable && <TableHeaderCell>Actions</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((task) => {
              const index = active.indexOf(task);
              return (
                <TableRow key={task.id} className={task.active ? undefined : styles.inactive}>
                  <TableCell>{task.active ? index + 1 : "—"}</TableCell>
                  <TableCell>{task.title}{task.active ? "" : " (deactivated)"}</TableCell>
                  <TableCell>{KIND_LABELS[task.kind]}{task.kind === "READING" && task.unit ? ` (${task.unit})` : ""}</TableCell>
                  <TableCell>{task.kind === "READING" ? limitsText(task) : ""}</TableCell>
                  <TableCell>{task.required ? "Yes" : "No"}</TableCell>
                  {editable && (
                    <TableCell>
                      <div className={styles.buttons}>
                        {task.active && <Button size="small" disabled={index === 0 || change.busy} onClick={() => move(task, -1)} aria-label={`Move ${task.title} up`}>Up</Button>}
                        {task.active && <Button size="small" disabled={index === active.length - 1 || change.busy} onClick={() => move(task, 1)} aria-label={`Move ${task.title} down`}>Down</Button>}
                        <Button size="small" onClick={() => setEditing(task)} aria-label={`Edit ${task.title}`}>Edit</Button>
                        {task.active && <Button size="small" disabled={change.busy} onClick={() => deactivate(task)} aria-label={`Deactivate ${task.title}`}>Deactivate</Button>}
                      </div>
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {editing && (
        <TaskDialog modelId={modelId} frequency={frequency} task={editing === "new" ? null : editing}
          onClose={() => setEditing(null)} onSaved={() => { setEditing(null); onChanged(); }} />
      )}
      {asking && <ReasonDialog title={asking.title} submitLabel={asking.label} regulated={asking.regulated} onSubmit={asking.send} onClose={() => setAsking(null)} />}
    </section>
  );
}
