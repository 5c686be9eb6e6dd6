import { can, labScope, type Principal } from "../../../domain/policy/policy.ts";
import type { PageName } from "./routes.ts";

export interface NavItem {
  page: PageName;
  label: string;
}

const ITEMS: readonly NavItem[] = [
  { page: "mywork", label: "My work" },
  { page: "maintenance", label: "Maintenance" },
  { page: "equipment", label: "Equipment" },
  { page: "models", label: "Models" },
  { page: "users", label: "Users" },
  { page: "audit", label: "Audit" },
  { page: "reports", label: "Reports" },
  { page: "labs", label: "Labs" },
  { page: "import", label: "Import" },
];

function anywhere(principal: Principal, entity: "record" | "equipment" | "user" | "audit"): boolean {
  const scope = labScope(principal, entity, "view");
  return scope === "all" || scope.length > 0;
}

function somewhere(principal: Principal, entity: "equipment", action: "create"): boolean {
  const scope = labScope(principal, entity, action);
  return scope === "all" || scope.length > 0;
}

/** The pages a user may open, from the shared policy (SPEC §2); the server enforces the same rules. */
export function navItems(principal: Principal): NavItem[] {
  const allowed: Record<string, boolean> = {
    mywork: anywhere(principal, "record"),
    maintenance: anywhere(principal, "record"),
    equipment: anywhere(principal, "equipment"),
    models: can(principal, "model", "view"),
    users: anywhere(principal, "user"),
    audit: anywhere(principal, "audit"),
    reports: anywhere(principal, "audit"),
    labs: can(principal, "lab", "create"),
    // Importing is for Managers and Administrators (the server checks each row's lab).
    import: somewhere(principal, "equipment", "create"),
  };
  return ITEMS.filter((item) => allowed[item.page]);
}
