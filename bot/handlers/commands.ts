import type { TurnContext } from "botbuilder";
import { z } from "zod";
import { AppError, notFound } from "../../domain/errors.ts";
import { inScope, labScope, rolesAt, type Principal } from "../../domain/policy/policy.ts";
import { messageCard } from "../cards/common.ts";
import { helpCard } from "../cards/help.ts";
import type { Card } from "../cards/types.ts";
import { links, type BotDeps } from "../context.ts";
import { buildDigestCard, type DigestKind } from "../digest/build.ts";
import { linkInstallation, setPersonalDigest, type Installation } from "../store/installations.ts";
import { activeLabs, labByCode, type LabInfo } from "../store/labs.ts";
import { botActor, errorCard, principalOf, refreshUsers } from "./turn.ts";

export type Command = { name: "help" } | { name: "overdue" } | { name: "today" } | { name: "link"; code: string } | { name: "digest"; on: boolean };

/** Chat text to a command; anything not understood is help. */
export function parseCommand(text: string | undefined): Command {
  const words = (text ?? "").replace(/<at>.*?<\/at>/gi, " ").trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, " ").split(/\s+/).filter(Boolean);
  const [first, second] = words;
  if (first === "overdue") return { name: "overdue" };
  if ((first === "due" && (second === undefined || second === "today")) || first === "today") return { name: "today" };
  if (first === "link" && second && /^[a-z0-9]{2,10}$/.test(second)) return { name: "link", code: second.toUpperCase() };
  if (first === "digest" && (second === "on" || second === "off")) return { name: "digest", on: second === "on" };
  return { name: "help" };
}

/** The labs a list or digest shows to this user here: the conversation's lab, or all the user's labs. */
async function labsFor(deps: BotDeps, principal: Principal, labId: number | null): Promise<LabInfo[]> {
  const scope = labScope(principal, "record", "view");
  const labs = (await activeLabs(deps.db)).filter((lab) => inScope(scope, lab.id));
  if (labId === null) return labs;
  const lab = labs.find((l) => l.id === labId);
  if (!lab) throw notFound("Lab");
  return [lab];
}

export async function listCard(deps: BotDeps, context: TurnContext, installation: Installation | null, kind: DigestKind, labId: number | null): Promise<Card> {
  const principal = await principalOf(deps, context);
  const labs = await labsFor(deps, principal, labId);
  if (labs.length === 0) throw new AppError("forbidden", "You have no access to any lab's checklists.");
  return buildDigestCard(deps, labs, deps.clock.now(), kind, { data: labId === null ? {} : { labId }, userIds: refreshUsers(installation, context) });
}

/** The digest card's refresh: the same list, as it is now, for the user looking at it. */
export async function refreshDigest(deps: BotDeps, context: TurnContext, installation: Installation | null, data: unknown): Promise<Card> {
  try {
    const parsed = z.object({ labId: z.coerce.number().int().positive().optional(), kind: z.enum(["digest", "overdue", "today"]).default("digest") }).parse(data ?? {});
    return await listCard(deps, context, installation, parsed.kind, parsed.labId ?? null);
  } catch (error) {
    return errorCard(error, deps);
  }
}

async function link(deps: BotDeps, context: TurnContext, installation: Installation, code: string): Promise<Card> {
  if (installation.conversationType === "PERSONAL") {
    return messageCard("Link a channel", "Linking is for a lab team's channel: type `link <LAB>` there.");
  }
  const principal = await principalOf(deps, context);
  const lab = await labByCode(deps.db, code);
  if (!lab || !inScope(labScope(principal, "lab", "view"), lab.id)) throw notFound("Lab");
  const roles = rolesAt(principal, lab.id);
  if (!roles.includes("MANAGER") && !roles.includes("ADMINISTRATOR")) {
    throw new AppError("forbidden", `Only a Manager of ${lab.code} or an Administrator can link this conversation to ${lab.code}.`);
  }
  await linkInstallation(deps.db, { ...botActor, userId: principal.userId, name: principal.displayName }, deps.clock.now(), installation.id, lab.id);
  const hour = String(lab.digestHour).padStart(2, "0");
  return messageCard(`Linked to ${lab.name}`, `This conversation now receives the daily digest of ${lab.code} at ${hour}:00 (${lab.timeZone}).`, [{ title: "Open Labkeep", url: links(deps.settings).list(lab.id, "open") }]);
}

async function personalDigest(deps: BotDeps, context: TurnContext, installation: Installation, on: boolean): Promise<Card> {
  if (installation.conversationType !== "PERSONAL") return messageCard("Personal digest", "Type `digest on` in your personal chat with Labkeep.");
  await principalOf(deps, context);
  await setPersonalDigest(deps.db, installation.id, on);
  return on
    ? messageCard("Personal digest on", "Each morning you will get what is overdue and due today in your labs.")
    : messageCard("Personal digest off", "You will no longer get a personal digest.");
}

export async function runCommand(deps: BotDeps, context: TurnContext, installation: Installation): Promise<Card> {
  const command = parseCommand(context.activity.text);
  const labId = installation.conversationType === "PERSONAL" ? null : installation.labId;
  try {
    switch (command.name) {
      case "overdue":
        return await listCard(deps, context, installation, "overdue", labId);
      case "today":
        return await listCard(deps, context, installation, "today", labId);
      case "link":
        return await link(deps, context, installation, command.code);
      case "digest":
        return await personalDigest(deps, context, installation, command.on);
      case "help":
        return helpCard(links(deps.settings).list(labId, "open"));
    }
  } catch (error) {
    return errorCard(error, deps);
  }
}
