import type { FileType } from "./sniff.ts";

/** Longest stored name, in characters (the column holds 255; room is left for an added extension). */
const MAX_NAME = 150;

// eslint-disable-next-line no-control-regex -- control characters (NUL included) are what this removes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Characters Windows, macOS or a shell give a meaning to. */
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name safe to store, show and offer as a download name: the last path segment only,
 * without control, bidirectional or zero-width characters (a NUL included, and the
 * "right-to-left override" that makes `gpj.exe` read `exe.jpg`), reserved characters replaced,
 * at most 150 characters, and ending with an extension of the type the bytes really are (a
 * text file named `x.html` is stored as `x.html.txt`).
 */
export function safeFileName(raw: string, type: FileType): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  let name = base.normalize("NFC").replace(UNSAFE, "").replace(RESERVED, "_").replace(/\s+/g, " ").trim().replace(/^[.\s]+|[.\s]+$/g, "");
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  let stem = extension && type.extensions.includes(extension) ? name.slice(0, -(extension.length + 1)) : name;
  const ending = extension && type.extensions.includes(extension) ? extension : type.extensions[0]!;
  stem = [...stem].slice(0, MAX_NAME).join("").trim();
  return `${stem || "file"}.${ending}`;
}

