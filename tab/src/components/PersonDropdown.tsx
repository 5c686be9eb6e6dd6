import { Dropdown, Field, Option } from "@fluentui/react-components";
import { api } from "../api/client.ts";
import type { Assignee, Page } from "../api/types.ts";
import { useLoad, type Loaded } from "./useLoad.ts";

const NOBODY = "";

/** The people a lab's work may be given to (GET /api/labs/:id/assignees): for those who may assign there. */
export function useAssignees(labId: number): Loaded<Page<Assignee>> {
  return useLoad("assignees", () => api.get<Page<Assignee>>(`/api/labs/${labId}/assignees`), [labId]);
}

/**
 * Picks one person or nobody. The current person stays in the list even when the server no
 * longer offers them (disabled since, say), so the field still says who it is.
 */
export function PersonDropdown({ label, nobody, people, value, onChange, validationMessage }: {
  label: string;
  /** What "nobody" means here, e.g. "Nobody (the instrument's people)". */
  nobody: string;
  people: readonly Assignee[];
  value: Assignee | null;
  onChange: (person: Assignee | null) => void;
  validationMessage?: string;
}) {
  const options = value && !people.some((p) => p.id === value.id) ? [value, ...people] : people;
  return (
    <Field label={label} validationMessage={validationMessage}>
      {/* Inline: these pickers sit in modal dialogs, and a portalled list stays outside the dialog (hidden from assistive technology, over the button). */}
      <Dropdown
        inlinePopup
        value={value?.displayName ?? nobody}
        selectedOptions={[value ? String(value.id) : NOBODY]}
        onOptionSelect={(_, data) => onChange(options.find((p) => String(p.id) === data.optionValue) ?? null)}
      >
        <Option value={NOBODY}>{nobody}</Option>
        {options.map((person) => <Option key={person.id} value={String(person.id)}>{person.displayName}</Option>)}
      </Dropdown>
    </Field>
  );
}
