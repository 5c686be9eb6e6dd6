import { hostMode, teamsToken } from "../teams.ts";
import { devTokenRejection } from "./devToken.ts";

/** An API error as the server sends it: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}
const DEV_TOKEN_KEY = "labkeep.devToken";

let currentLab: number | null = null;
let loginHint: string | null = null;

export function setCurrentLab(labId: number | null): void {
  currentLab = labId;
}
export function setLoginHint(hint: string | null): void {
  loginHint = hint;
}

export function devToken(): string | null {
  return sessionStorage.getItem(DEV_TOKEN_KEY);
}
export function setDevToken(token: string | null): void {
  if (token) sessionStorage.setItem(DEV_TOKEN_KEY, token);
  else sessionStorage.removeItem(DEV_TOKEN_KEY);
}

let devTokenRejected: ((reason: string) => void) | null = null;

/** Called (with the reason to show) when the server refuses the development token, on any call. */
export function onDevTokenRejected(handler: ((reason: string) => void) | null): void {
  devTokenRejected = handler;
}

/** In Teams every call carries a fresh SSO token (teams-js caches it); in a browser, the development token. */
async function authorization(): Promise<string | null> {
  if (hostMode() === "teams") return `Bearer ${await teamsToken(loginHint)}`;
  const token = devToken();
  return token ? `Bearer ${token}` : null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "" && value !== false) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A file sent as the raw body (the import), instead of JSON. */
interface RawBody {
  file: Blob;
  contentType: string;
}

/** Per-request options: extra headers (the signing token, `X-Labkeep-Signature`, R-SIGN). */
export interface RequestOptions {
  headers?: Record<string, string>;
}

async function requestHeaders(contentType: string | null, extra?: Record<string, string>): Promise<{ headers: Record<string, string>; auth: string | null }> {
  const headers: Record<string, string> = { Accept: "application/json", ...extra };
  const auth = await authorization();
  if (auth) headers.Authorization = auth;
  if (currentLab !== null) headers["X-Labkeep-Lab"] = String(currentLab);
  if (contentType) headers["Content-Type"] = contentType;
  return { headers, auth };
}

async function request(method: string, path: string, body?: unknown, query?: Query, raw?: RawBody, options?: RequestOptions): Promise<Response> {
  const { headers, auth } = await requestHeaders(raw ? raw.contentType : body !== undefined ? "application/json" : null, options?.headers);
  const response = await fetch(withQuery(path, query), { method, headers, body: raw ? raw.file : body === undefined ? undefined : JSON.stringify(body) });
  return checked(response, auth);
}

/** Upload progress: bytes sent so far, then `sent` once the whole body is out (the server is working). */
export type UploadProgress = { phase: "sending"; percent: number } | { phase: "sent" };

/**
 * A POST of a raw body through XMLHttpRequest, the one browser API that reports upload progress
 * (fetch cannot stream a request body in Chromium); the answer goes through the same checks as fetch's.
 */
async function sendWithProgress(path: string, query: Query | undefined, raw: RawBody, onProgress: (progress: UploadProgress) => void): Promise<Response> {
  const { headers, auth } = await requestHeaders(raw.contentType);
  const response = await new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", withQuery(path, query));
    xhr.responseType = "blob";
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress({ phase: "sending", percent: Math.floor((100 * e.loaded) / e.total) }); };
    xhr.upload.onload = () => onProgress({ phase: "sent" });
    xhr.onload = () => resolve(new Response(xhr.response as Blob, { status: xhr.status, statusText: xhr.statusText }));
    xhr.onerror = () => reject(new TypeError("Failed to fetch"));
    xhr.onabort = () => reject(new TypeError("The upload was cancelled"));
    onProgress({ phase: "sending", percent: 0 });
    xhr.send(raw.file);
  });
  return checked(response, auth);
}

/** Turns a refused answer into an ApiError (and a refused development token into a sign-in prompt). */
async function checked(response: Response, auth: string | null): Promise<Response> {
  const sentDevToken = hostMode() === "browser" ? devToken() : null;
  if (response.status === 401 && sentDevToken && auth === `Bearer ${sentDevToken}`) {
    setDevToken(null);
    devTokenRejected?.(devTokenRejection(sentDevToken, Date.now()));
  }
  if (!response.ok) {
    let code = "http_error";
    let message = `${response.status} ${response.statusText}`;
    let details: unknown;
    try {
      const payload = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
      if (payload.error) {
        code = payload.error.code ?? code;
        message = payload.error.message ?? message;
        details = payload.error.details;
      }
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, code, message, details);
  }
  return response;
}

async function json<T>(method: string, path: string, body?: unknown, query?: Query, options?: RequestOptions): Promise<T> {
  const response = await request(method, path, body, query, undefined, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => json<T>("GET", path, undefined, query),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => json<T>("POST", path, body ?? {}, undefined, options),
  patch: <T>(path: string, body: unknown) => json<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => json<T>("PUT", path, body),
  del: <T>(path: string) => json<T>("DELETE", path),
  /** Sends a file as the raw body and reads the JSON answer. */
  async upload<T>(path: string, file: Blob, contentType: string, query?: Query, onProgress?: (progress: UploadProgress) => void): Promise<T> {
    const response = onProgress ? await sendWithProgress(path, query, { file, contentType }, onProgress) : await request("POST", path, undefined, query, { file, contentType });
    return (await response.json()) as T;
  },
  /** Fetches a page (the print view) with the same authorization and opens it in a new window. */
  async open(path: string, target: Window | null): Promise<void> {
    const response = await request("GET", path);
    const url = URL.createObjectURL(await response.blob());
    if (target) target.location.href = url;
    else window.open(url, "_blank", "noopener");
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
  /** Downloads a file (CSV, XLSX) with the same authorization and saves it under `filename`. */
  async download(path: string, query: Query, filename: string): Promise<void> {
    const response = await request("GET", path, undefined, query);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/** A message fit for the screen, with the fields of a validation error. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    // The API's one shape of validation details: { fields: [{ field, message }] }.
    const fields = (error.details as { fields?: { field: string; message: string }[] } | undefined)?.fields;
    const details = Array.isArray(fields) ? fields.map((f) => `${f.field} ${f.message}`.trim()).join("; ") : "";
    return details ? `${error.message} (${details})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
