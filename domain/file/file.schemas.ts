import { z } from "zod";
import { queryId } from "../input.ts";

/** An upload's query: the file's name, and optionally the attachment of the same parent it supersedes. */
export const UploadQuery = z.object({
  name: z.string({ error: "Name the file (?name=…)." }).min(1, "Name the file (?name=…).").max(1000, "At most 1000 characters."),
  supersedes: queryId().optional(),
});

/** `?inline=true` asks for an image to be shown rather than downloaded. */
export const DownloadQuery = z.object({
  inline: z.enum(["true", "false"]).optional().transform((v) => v === "true"),
});
