import { Text } from "@fluentui/react-components";

/** "64 pieces of equipment", "9 users (showing 8)": how many a list holds, announced when it changes. */
export function ListCount({ total, shown, one, many }: { total: number; shown?: number; one: string; many: string }) {
  return (
    <Text block role="status" data-testid="list-count">
      {total} {total === 1 ? one : many}{shown !== undefined && shown < total ? ` (showing ${shown})` : ""}
    </Text>
  );
}
