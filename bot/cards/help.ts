import { card, heading, literal, openUrl, text } from "./common.ts";
import type { Card } from "./types.ts";

/** What the bot understands. */
export function helpCard(listUrl: string): Card {
  return card(
    [
      heading("Labkeep"),
      text("Preventive maintenance checklists in Teams. Type one of:"),
      {
        type: "FactSet",
        facts: [
          { title: "overdue", value: "checklists past their due time; add a lab code for one lab (overdue SFO)" },
          { title: "due today", value: "checklists whose period ends tonight, lab time (due today SFO)" },
          { title: "my", value: "what is yours to do: records assigned to you or of instruments you answer for, earliest due first" },
          { title: literal("link <LAB>"), value: "send this channel the daily digest of a lab (managers and administrators)" },
          { title: "review", value: "records awaiting your review, to review or return (managers and administrators)" },
          { title: "digest on / digest off", value: "your personal daily digest (personal chat)" },
          { title: "help", value: "this message" },
        ],
      },
    ],
    [openUrl("Open Labkeep", listUrl)],
  );
}
