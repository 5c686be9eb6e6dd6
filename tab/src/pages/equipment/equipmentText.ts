import type { Equipment } from "../../api/types.ts";

export function modelName(item: Equipment): string {
  return `${item.model.manufacturer} ${item.model.name}`;
}
