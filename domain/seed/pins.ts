/**
 * R-SIGN in development: the PIN each demo user enters to sign (the development stand-in for
 * Entra's `prompt=login` re-authentication). Development only; documented in docs/demo-data.md.
 */
export const DEMO_SIGNING_PINS: Readonly<Record<string, string>> = {
  "ada.admin@labkeep.dev": "1815",
  "grace.audit@labkeep.dev": "1906",
  "marie.manager@labkeep.dev": "1867",
  "rosalind.audit@labkeep.dev": "1920",
  "tom.tech@labkeep.dev": "1847",
  "tara.tech@labkeep.dev": "1985",
  "lena.manager@labkeep.dev": "1878",
  "theo.tech@labkeep.dev": "1990",
  "dan.disabled@labkeep.dev": "1999",
};
