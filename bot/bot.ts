import { Application, type TeamsAdapter, type TurnState } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import type { BotDeps } from "./context.ts";
import { openRecord, submitRecord } from "./handlers/checklist.ts";
import { refreshDigest, runCommand } from "./handlers/commands.ts";
import { answerInvoke, botActor, cardMessage, conversationKey, rememberConversation } from "./handlers/turn.ts";
import { helpCard } from "./cards/help.ts";
import { links } from "./context.ts";
import { deactivateInstallation, findInstallation } from "./store/installations.ts";

/**
 * The Teams bot: installs and chat commands (message, conversationUpdate, installationUpdate)
 * and the cards' Universal Actions (adaptiveCard/action invokes). Handlers are thin: they call
 * the domain services and turn the result or the error into a card.
 */
export function createApplication(deps: BotDeps, adapter: TeamsAdapter): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, botAppId: deps.settings.appId ?? "", removeRecipientMention: true, startTypingTimer: false });
  const welcome = () => cardMessage(helpCard(links(deps.settings).list(null, "open")));

  app.activity("installationUpdate", async (context) => {
    const action = String(context.activity.action ?? "");
    if (action.startsWith("remove")) {
      await deactivateInstallation(deps.db, botActor, deps.clock.now(), conversationKey(context.activity.conversation.id), "uninstalled");
    } else {
      await rememberConversation(deps, context, { refreshMembers: true });
    }
  });

  app.conversationUpdate("membersAdded", async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    const before = await findInstallation(deps.db, conversationKey(context.activity.conversation.id));
    await rememberConversation(deps, context, { refreshMembers: true });
    if (botAdded && !before?.active) await context.sendActivity(welcome());
  });

  app.conversationUpdate("membersRemoved", async (context) => {
    const botId = context.activity.recipient?.id;
    if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) {
      await deactivateInstallation(deps.db, botActor, deps.clock.now(), conversationKey(context.activity.conversation.id), "bot removed from the conversation");
    } else {
      await rememberConversation(deps, context, { refreshMembers: true });
    }
  });

  app.activity("message", async (context) => {
    const installation = await rememberConversation(deps, context);
    await context.sendActivity(cardMessage(await runCommand(deps, context, installation)));
  });

  app.adaptiveCards.actionExecute(["record.open", "record.refresh"], async (context: TurnContext, _state, data) => {
    const card = await openRecord(deps, context, data);
    await answerInvoke(context, card);
    return card;
  });

  app.adaptiveCards.actionExecute("record.submit", async (context: TurnContext, _state, data) => {
    const { card, completedNow } = await submitRecord(deps, context, data);
    await answerInvoke(context, card);
    // Everyone in the conversation sees the completed card, beyond the 60 refreshed users too.
    if (completedNow && context.activity.replyToId) {
      await context.updateActivity({ ...cardMessage(card), id: context.activity.replyToId }).catch((error: unknown) => deps.log.warn({ err: error }, "updating the card for everyone failed"));
    }
    return card;
  });

  app.adaptiveCards.actionExecute("digest.refresh", async (context: TurnContext, _state, data) => {
    const installation = await findInstallation(deps.db, conversationKey(context.activity.conversation.id));
    const card = await refreshDigest(deps, context, installation, data);
    await answerInvoke(context, card);
    return card;
  });

  app.error(async (context, error) => {
    deps.log.error({ err: error, activityType: context.activity.type }, "bot turn failed");
  });
  return app;
}
