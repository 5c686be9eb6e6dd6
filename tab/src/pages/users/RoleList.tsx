import { makeStyles, tokens } from "@fluentui/react-components";
import type { User } from "../../api/types.ts";
import { roleLabel } from "../../components/format.ts";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0, display: "grid", gap: tokens.spacingVerticalXXS },
  source: { color: tokens.colorNeutralForeground3 },
});

const SOURCE_LABELS = { ENTRA_GROUP: "Entra group", IN_APP: "granted in Labkeep" } as const;

/** "BOS Manager (Entra group)", "All labs Administrator (Entra group)", one line per lab and role. */
export function roleText(role: User["roles"][number]): { what: string; from: string } {
  return { what: `${role.labId === null ? "All labs" : role.labCode ?? `Lab #${role.labId}`} ${roleLabel(role.role)}`, from: role.sources.map((s) => SOURCE_LABELS[s]).join(" and ") };
}

/** A user's effective roles, each with where it comes from. */
export function RoleList({ roles }: { roles: User["roles"] }) {
  const styles = useStyles();
  if (roles.length === 0) return <>No roles</>;
  return (
    <ul className={styles.list}>
      {roles.map((role) => {
        const { what, from } = roleText(role);
        return <li key={`${role.labId}:${role.role}`}>{what} <span className={styles.source}>({from})</span></li>;
      })}
    </ul>
  );
}
