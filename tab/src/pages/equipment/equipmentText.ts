import type { Equipment } from "../../api/types.ts";

export function modelName(item: Pick<Equipment, "model">): string {
  return `${item.model.manufacturer} ${item.model.name}`;
}
