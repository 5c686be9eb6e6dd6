import { useState, type ReactElement } from "react";
import { Field, Input, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ApiError, type RequestOptions } from "../api/client.ts";
import { api } from "../api/client.ts";
import { hostMode, teamsSigningToken } from "../teams.ts";
import { useSession } from "../shell/session.ts";
import { formatLabTime, UTC_CLOCK } from "./format.ts";

/** R-SIGN meanings, as the server's `SignatureMeaning`. */
export type SignatureMeaning = "PERFORMED" | "REVIEWED" | "APPROVED";
export const MEANING_TEXT: Record<SignatureMeaning, string> = { PERFORMED: "Performed", REVIEWED: "Reviewed", APPROVED: "Approved" };

/** The header the server reads the fresh sign-in from. */
export const SIGNATURE_HEADER = "X-Labkeep-Signature";
/**
 * How long a fresh sign-in is kept for later signatures: the server's default
 * SIGNATURE_AUTH_MAX_AGE_SECONDS (300), less a margin for the request's trip. When a deployment
 * sets a shorter window the server refuses it as `stale`; the tab then forgets it and asks again.
 */
const KEEP_SECONDS = 300 - 20;

interface Held { token: string; userId: number; authTime: number }
/** In memory only (never storage): a reload means a full sign-in again. */
let held: Held | null = null;

/** For tests and sign-out: the next signature asks for the full sign-in again. */
export function forgetSigningSignIn(): void {
  held = null;
}

function authTimeOf(token: string): number {
  try {
    const claims = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as { auth_time?: unknown };
    return typeof claims.auth_time === "number" ? claims.auth_time : Math.floor(Date.now() / 1000);
  } catch {
    return Math.floor(Date.now() / 1000);
  }
}

const useStyles = makeStyles({
  box: { display: "grid", gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM },
});

export interface Signature {
  /** The signing step shown in the form: who signs, with what meaning, and the PIN when one is needed. */
  fields: ReactElement;
  /** Obtains the signing token (PIN, pop-up or the one held), runs the signing request with the header, forgets a refused sign-in. */
  run: <T>(request: (options: RequestOptions) => Promise<T>) => Promise<T>;
}

/**
 * The one signing step (R-SIGN §11.200): the first signature of a session needs a full sign-in — in
 * development the demo user's PIN, in Teams an Entra `prompt=login` pop-up — and later ones within
 * the window only the signer's confirmation (the click on the signing button, which names the meaning).
 */
export function useSignature(meaning: SignatureMeaning, what: string): Signature {
  const styles = useStyles();
  const { principal } = useSession();
  const [pin, setPin] = useState("");
  const [pinProblem, setPinProblem] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const now = Math.floor(Date.now() / 1000);
  const fresh = held && held.userId === principal.userId && now - held.authTime < KEEP_SECONDS ? held : null;
  const dev = hostMode() === "browser";

  const token = async (): Promise<string> => {
    if (fresh) return fresh.token;
    let obtained: string;
    if (dev) {
      if (!pin.trim()) {
        setPinProblem("Enter your PIN to sign.");
        throw new Error("Enter your PIN to sign.");
      }
      obtained = (await api.post<{ token: string }>("/api/dev/signing-token", { pin: pin.trim() })).token;
    } else {
      obtained = await teamsSigningToken(null);
    }
    held = { token: obtained, userId: principal.userId, authTime: authTimeOf(obtained) };
    return obtained;
  };

  const run = async <T,>(request: (options: RequestOptions) => Promise<T>): Promise<T> => {
    setPinProblem(null);
    try {
      const signing = await token();
      return await request({ headers: { [SIGNATURE_HEADER]: signing } });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "signature_auth_required") {
        held = null;
        setPin("");
        if (dev) setPinProblem(caught.message);
      }
      throw caught;
    } finally {
      setVersion((v) => v + 1);
    }
  };

  const fields = (
    <section className={styles.box} aria-label="Electronic signature">
      <MessageBar intent="info">
        <MessageBarBody>
          {`Signing as ${principal.displayName} — meaning: ${MEANING_TEXT[meaning]}. Your signature is bound to ${what} as it is now.`}
        </MessageBarBody>
      </MessageBar>
      {fresh ? (
        <Text>{`You confirmed who you are at ${formatLabTime(new Date(fresh.authTime * 1000).toISOString(), UTC_CLOCK)}; signing again within 5 minutes needs only this confirmation.`}</Text>
      ) : dev ? (
        <Field label="Your signing PIN" required hint="Development sign-in: the demo user's PIN stands in for the Microsoft sign-in." validationMessage={pinProblem ?? undefined}>
          <Input type="password" autoComplete="off" value={pin} maxLength={32} onChange={(_, data) => { setPin(data.value); setPinProblem(null); }} />
        </Field>
      ) : (
        <Text>Signing opens a Microsoft sign-in window: sign in again to confirm who you are.</Text>
      )}
    </section>
  );
  return { fields, run };
}
