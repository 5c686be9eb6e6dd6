import { inScope, labsFor, requireVisible } from "../../domain/access/guard.ts";
import { myWork } from "../../domain/assignment/my-work.ts";
import { serviceContext } from "../../domain/context.ts";
import { AppError, notFound } from "../../domain/errors.ts";
import { linkInstallation, setPersonalDigest, type Installation, type LabInfo } from "../../domain/installation/installation.service.ts";
import { activeLabs, labByCode } from "../../domain/installation/labs.ts";
import { rolesAt, type Principal } from "../../domain/policy/policy.ts";
import { literal, messageCard } from "../cards/common.ts";
import { helpCard } from "../cards/help.ts";
import { correctiveActionsList } from "./corrective.ts";
import { myWorkCard } from "../cards/my-work.ts";
import { DigestRefData } from "../cards/digest-ref.ts";
import type { Card, DigestRef } from "../cards/types.ts";
import { links, type BotDeps, type Turn } from "../context.ts";
import { buildDigestCard, type DigestKind } from "../digest/build.ts";
import { reviewListCard } from "./review.ts";
import { botActor, errorCard, principalOf, refreshUsers } from "./turn.ts";

export type Command =
  | { name: "help" }
  | { name: "ca" }
  | { name: "my" }
  | { name: "overdue"; code?: string }
  | { name: "today"; code?: string }
  | { name: "link"; code: string }
  | { name: "digest"; on: boolean }
  | { name: "review" };

const LAB_CODE = /^[a-z0-9]{2,10}$/;

/** Chat text to a command; anything not understood is help. `overdue SFO`, `due [today] SFO` name a lab. */
export function parseCommand(text: string | undefined): Command {
  const words = (text ?? "").replace(/<at>.*?<\/at>/gi, " ").trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, " ").split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  const lab = (list: string[]) => (list.length === 0 ? {} : list.length === 1 && LAB_CODE.test(list[0]!) ? { code: list[0]!.toUpperCase() } : null);
  if (first === "overdue") {
    const code = lab(rest);
    if (code) return { name: "overdue", ...code };
  }
  if (first === "due" || first === "today") {
    const code = lab(first === "due" && rest[0] === "today" ? rest.slice(1) : rest);
    if (code) return { name: "today", ...code };
  }
  if ((first === "review" || first === "reviews") && rest.length === 0) return { name: "review" };
  if ((first === "ca" || first === "corrective") && rest.length <= 1) return { name: "ca" };
  if ((first === "my" && (rest.length === 0 || (rest.length === 1 && rest[0] === "work"))) || (first === "mine" && rest.length === 0)) return { name: "my" };
  if (first === "link" && rest.length === 1 && LAB_CODE.test(rest[0]!)) return { name: "link", code: rest[0]!.toUpperCase() };
  if (first === "digest" && rest.length === 1 && (rest[0] === "on" || rest[0] === "off")) return { name: "digest", on: rest[0] === "on" };
  return { name: "help" };
}

/** The labs a list or digest shows this user: the lab asked for, or all the user's labs (domain/access/guard.ts). */
async function labsToShow(deps: BotDeps, principal: Principal, labId: number | null): Promise<LabInfo[]> {
  const scope = labsFor({ principal }, "record", "view", labId);
  return (await activeLabs(deps.db)).filter((lab) => inScope(scope, lab.id));
}

export async function listCard(deps: BotDeps, turn: Turn, installation: Installation | null, kind: DigestKind, labId: number | null, shownAt?: Date): Promise<Card> {
  const principal = await principalOf(deps, turn);
  const labs = await labsToShow(deps, principal, labId);
  if (labs.length === 0) throw new AppError("forbidden", "You have no access to any lab's checklists.");
  return buildDigestCard(deps, labs, deps.clock.now(), kind, { ...(labId === null ? {} : { labId }), shownAt, userIds: refreshUsers(installation, turn) });
}

/** A digest as it is now (counts) with the rows it listed when first drawn, those done since marked. */
export function redrawDigest(deps: BotDeps, turn: Turn, installation: Installation | null, ref: DigestRef): Promise<Card> {
  return listCard(deps, turn, installation, ref.kind, ref.labId ?? null, ref.at ? new Date(ref.at) : undefined);
}

/** The digest card's refresh: the same list, as it is now, for the user looking at it. */
export async function refreshDigest(deps: BotDeps, turn: Turn, installation: Installation | null, data: unknown): Promise<Card> {
  try {
    return await redrawDigest(deps, turn, installation, DigestRefData.parse(data ?? {}));
  } catch (error) {
    return errorCard(error, deps);
  }
}

async function labIdOfCode(deps: BotDeps, principal: Principal, code: string): Promise<number> {
  const lab = await labByCode(deps.db, code);
  if (!lab) throw notFound("Lab");
  requireVisible({ principal }, lab.id);
  return lab.id;
}

async function link(deps: BotDeps, turn: Turn, installation: Installation, code: string): Promise<Card> {
  if (installation.conversationType === "PERSONAL") {
    return messageCard("Link a channel", `Linking is for a lab team's channel: type ${literal("link <LAB>")} there.`);
  }
  const principal = await principalOf(deps, turn);
  const lab = await labByCode(deps.db, code);
  if (!lab) throw notFound("Lab");
  requireVisible({ principal }, lab.id);
  const roles = rolesAt(principal, lab.id);
  if (!roles.includes("MANAGER") && !roles.includes("ADMINISTRATOR")) {
    throw new AppError("forbidden", `Only a Manager of ${lab.code} or an Administrator can link this conversation to ${lab.code}.`);
  }
  await linkInstallation(deps.db, { ...botActor, userId: principal.userId, name: principal.displayName }, deps.clock.now(), installation.id, lab.id);
  const hour = String(lab.digestHour).padStart(2, "0");
  return messageCard(`Linked to ${lab.name}`, `This conversation now receives the daily digest of ${lab.code} at ${hour}:00 (${lab.timeZone}).`, [{ title: "Open Labkeep", url: links(deps.settings).list(lab.id, "open") }]);
}

async function personalDigest(deps: BotDeps, turn: Turn, installation: Installation, on: boolean): Promise<Card> {
  if (installation.conversationType !== "PERSONAL") return messageCard("Personal digest", "Type `digest on` in your personal chat with Labkeep.");
  await principalOf(deps, turn);
  await setPersonalDigest(deps.db, installation.id, on);
  return on
    ? messageCard("Personal digest on", "Each morning you will get what is overdue and due today in your labs.")
    : messageCard("Personal digest off", "You will no longer get a personal digest.");
}

/** A chat message: the command's card. A lab named in the command wins over the conversation's lab. */
export async function runCommand(deps: BotDeps, turn: Turn, installation: Installation): Promise<Card> {
  const command = parseCommand(turn.text);
  const conversationLab = installation.conversationType === "PERSONAL" ? null : installation.labId;
  try {
    switch (command.name) {
      case "overdue":
      case "today": {
        const labId = command.code ? await labIdOfCode(deps, await principalOf(deps, turn), command.code) : conversationLab;
        return await listCard(deps, turn, installation, command.name, labId);
      }
      case "my": {
        const ctx = serviceContext(deps.db, await principalOf(deps, turn), "BOT", deps.clock);
        const work = await myWork(ctx);
        return myWorkCard(work.items, work.total, deps.clock.now(), links(deps.settings).record);
      }
      case "link":
        return await link(deps, turn, installation, command.code);
      case "digest":
        return await personalDigest(deps, turn, installation, command.on);
      case "review":
        return await reviewListCard(deps, turn);
      case "ca":
        return await correctiveActionsList(deps, turn, conversationLab);
      case "help":
        return helpCard(links(deps.settings).list(conversationLab, "open"));
    }
  } catch (error) {
    return errorCard(error, deps);
  }
}
