import type { DemoLabCode } from "./identities.ts";
import type { Random } from "./random.ts";

/** Where each lab keeps its equipment. */
const ROOMS: Record<DemoLabCode, Record<string, string>> = {
  BOS: { cold: "B1.03 Freezer farm", culture: "2.14 Cell culture", molbio: "2.16 Molecular biology", chem: "3.02 Chemistry", wash: "2.20 Wash-up", instr: "3.05 Instrument room" },
  SFO: { cold: "Bay 1 Cold storage", culture: "Bay 3 Tissue culture", molbio: "Bay 4 Genomics", chem: "Bay 6 Chemistry", wash: "Bay 2 Media prep", instr: "Bay 5 Analytics" },
  LON: { cold: "G.12 Sample store", culture: "4.03 Cell culture", molbio: "4.07 PCR suite", chem: "4.01 Chromatography", wash: "G.08 Sterilisation", instr: "4.05 Balance room" },
};

const ROOM_OF_MODEL: Record<string, string> = {
  FRZ: "cold", REF: "cold", INC: "culture", BSC: "culture", CFG: "molbio", PCR: "molbio", SPC: "molbio",
  ACL: "wash", HOOD: "chem", HPLC: "chem", PHM: "instr", BAL: "instr", PIP: "molbio",
};

/**
 * How many of each model every lab has: 23 + 21 + 20 = 64 pieces. Only six are checked daily:
 * completions go through the record service one by one, and they are most of the seed's time.
 */
const FLEET: Record<DemoLabCode, Record<string, number>> = {
  BOS: { FRZ: 1, REF: 1, INC: 1, BSC: 2, CFG: 2, ACL: 1, PHM: 1, BAL: 1, HPLC: 1, HOOD: 3, PCR: 2, SPC: 2, PIP: 5 },
  SFO: { FRZ: 1, INC: 1, BSC: 2, CFG: 1, ACL: 1, PHM: 2, BAL: 1, HPLC: 1, HOOD: 2, PCR: 2, SPC: 2, PIP: 5 },
  LON: { FRZ: 1, BSC: 1, CFG: 2, ACL: 1, PHM: 1, BAL: 2, HPLC: 3, HOOD: 3, PCR: 1, SPC: 1, PIP: 4 },
};

const NOTES = ["Service contract with the manufacturer.", "Shared with the teaching lab on Fridays.", "Spare rotor in the cupboard below.", "Connected to the building alarm system."];

export interface FleetItem {
  lab: DemoLabCode;
  modelCode: string;
  assetTag: string;
  serialNumber: string;
  location: string;
  commissionedOn: string;
  notes: string | null;
}

/** The demo fleet, in a fixed order; serials and commissioning dates come from the seeded PRNG. */
export function demoFleet(random: Random, today: string): FleetItem[] {
  const items: FleetItem[] = [];
  const year = Number(today.slice(0, 4));
  for (const lab of Object.keys(FLEET) as DemoLabCode[]) {
    for (const [modelCode, count] of Object.entries(FLEET[lab])) {
      for (let n = 1; n <= count; n++) {
        const assetTag = `${lab}-${modelCode}-${String(n).padStart(3, "0")}`;
        const commissioned = `${year - random.int(1, 9)}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
        items.push({
          lab,
          modelCode,
          assetTag,
          serialNumber: `${modelCode.slice(0, 2)}${random.int(10, 99)}-${random.int(100000, 999999)}`,
          location: `${ROOMS[lab][ROOM_OF_MODEL[modelCode]!]}${count > 1 ? `, position ${n}` : ""}`,
          commissionedOn: commissioned,
          notes: random.chance(0.15) ? random.pick(NOTES) : null,
        });
      }
    }
  }
  return items;
}
