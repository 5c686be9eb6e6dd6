import type { Equipment } from "../../api/types.ts";

export function modelName(item: Equipment): string {
  return item.modelName ?? (item.model ? `${item.model.manufacturer} ${item.model.name}` : `Model #${item.modelId}`);
}
