import { Badge } from "@fluentui/react-components";
import type { CorrectiveAction } from "../../api/types.ts";

type CaState = Pick<CorrectiveAction, "status" | "overdue">;

/** Overdue first, then open, then closed: the order the Status column sorts in. */
export const caStatusRank = (ca: CaState) => (ca.status === "CLOSED" ? 2 : ca.overdue ? 0 : 1);

/** A corrective action's state as a badge: Overdue, Open or Closed. */
export function CaStatusBadge({ ca }: { ca: CaState }) {
  if (ca.status === "CLOSED") return <Badge appearance="tint" color="success">Closed</Badge>;
  return ca.overdue ? <Badge appearance="filled" color="danger">Overdue</Badge> : <Badge appearance="tint" color="informative">Open</Badge>;
}
