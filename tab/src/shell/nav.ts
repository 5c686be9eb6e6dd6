import { can, labScope, type Principal } from "../../../domain/policy/policy.ts";
import type { PageName } from "./routes.ts";

export interface NavItem {
  page: PageName;
  label: string;
}

const ITEMS: readonly NavItem[] = [
  { page: "mywork", label: "My work" },
  { page: "maintenance", label: "Maintenance" },
  { page: "reviews", label: "Reviews" },
  { page: "equipment", label: "Equipment" },
  { page: "corrective", label: "Corrective actions" },
  { page: "models", label: "Models" },
  { page: "users", label: "Users" },
  { page: "audit", label: "Audit" },
  { page: "trail", label: "Audit review" },
  { page: "reports", label: "Reports" },
  { page: "labs", label: "Labs" },
  { page: "import", label: "Import" },
];

function anywhere(principal: Principal, entity: "record" | "equipment" | "user" | "audit" | "correctiveAction"): boolean {
  const scope = labScope(principal, entity, "view");
  return scope === "all" || scope.length > 0;
}

function somewhere(principal: Principal, entity: "equipment" | "record", action: "create" | "review" | "complete"): boolean {
  const scope = labScope(principal, entity, action);
  return scope === "all" || scope.length > 0;
}

/** The pages a user may open, from the shared policy (SPEC §2); the server enforces the same rules. */
export function navItems(principal: Principal): NavItem[] {
  const allowed: Record<string, boolean> = {
    mywork: anywhere(principal, "record"),
    maintenance: anywhere(principal, "record"),
    // The review queue: reviewers' records to check, and a performer's records returned to them.
    reviews: somewhere(principal, "record", "review") || somewhere(principal, "record", "complete"),
    equipment: anywhere(principal, "equipment"),
    corrective: anywhere(principal, "correctiveAction"),
    models: can(principal, "model", "view"),
    users: anywhere(principal, "user"),
    audit: anywhere(principal, "audit"),
    // QA's periodic review of the trail (Annex 11 §9); signing it off is for the audit roles.
    trail: anywhere(principal, "audit"),
    reports: anywhere(principal, "audit"),
    labs: can(principal, "lab", "create"),
    // Importing is for Managers and Administrators (the server checks each row's lab).
    import: somewhere(principal, "equipment", "create"),
  };
  return ITEMS.filter((item) => allowed[item.page]);
}
