import { Field, Select } from "@fluentui/react-components";
import { api } from "../../api/client.ts";
import { useLoad } from "../../components/useLoad.ts";

/** A channel or group chat where the bot is installed (GET /api/labs/:id/channels). */
export interface DigestChannel {
  id: number;
  name: string;
  conversationType: "CHANNEL" | "GROUP_CHAT";
  lab: { id: number; code: string } | null;
}

/**
 * The lab's digest channel, chosen among the conversations where the bot is installed. Choosing one
 * links it to the lab on save, as typing `link CODE` in it would. `value` is null until the user
 * picks: the field then shows the channel already linked, if any.
 */
export function DigestChannelField({ labId, labCode, value, onChange }: { labId: number; labCode: string; value: string | null; onChange: (id: string) => void }) {
  const { data, error } = useLoad("lab-channels", () => api.get<{ items: DigestChannel[] }>(`/api/labs/${labId}/channels`), [labId]);
  const channels = data?.items ?? [];
  const linked = channels.find((c) => c.lab?.id === labId);
  const shown = value ?? (linked ? String(linked.id) : "");
  const hint = error
    ?? (channels.length === 0
      ? `The bot is in no channel yet: add Labkeep to the lab's team channel, then choose it here (or type "link ${labCode}" there).`
      : "The daily digest goes to this channel. A channel gets the digest of one lab.");
  return (
    <Field label="Digest channel" hint={hint}>
      <Select value={shown} disabled={channels.length === 0} onChange={(_, d) => onChange(d.value)}>
        {!linked && <option value="">No channel chosen</option>}
        {channels.map((c) => (
          <option key={c.id} value={String(c.id)}>
            {`${c.name}${c.conversationType === "GROUP_CHAT" ? " (group chat)" : ""}${c.lab && c.lab.id !== labId ? ` — now ${c.lab.code}'s` : ""}`}
          </option>
        ))}
      </Select>
    </Field>
  );
}
