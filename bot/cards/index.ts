export * from "./types.ts";
export { messageCard } from "./common.ts";
export { digestCard } from "./digest.ts";
export { checklistCard, completedCard, taskInputId, COMMENT_INPUT_ID } from "./checklist.ts";
export { helpCard } from "./help.ts";
export { deepLink } from "./links.ts";
