import type { Frequency, TaskKind } from "../db/generated/enums.ts";

/**
 * The demo equipment models and their checklists. Limits follow common laboratory practice
 * (manufacturer manuals, EN 12469 for biosafety cabinets, EN 14175 for fume hoods, ISO 8655 for
 * pipettes). `typical` and `spread` are not part of the model: they drive the simulated readings.
 */
export interface DemoTask {
  title: string;
  kind: TaskKind;
  unit?: string;
  min?: number;
  max?: number;
  required?: boolean;
  /** Simulated readings: typical value, standard deviation, decimals. */
  sim?: { typical: number; spread: number; decimals: number };
}

export interface DemoModel {
  /** Short code used in the demo asset tags (BOS-FRZ-001). */
  code: string;
  manufacturer: string;
  name: string;
  description: string;
  tasks: Partial<Record<Frequency, DemoTask[]>>;
}

const check = (title: string, required = true): DemoTask => ({ title, kind: "CHECK", required });
const text = (title: string, required = true): DemoTask => ({ title, kind: "TEXT", required });
const reading = (title: string, unit: string, min: number | undefined, max: number | undefined, sim: DemoTask["sim"]): DemoTask => ({ title, kind: "READING", unit, min, max, sim });
const s = (typical: number, spread: number, decimals = 1) => ({ typical, spread, decimals });

export const DEMO_MODELS: DemoModel[] = [
  {
    code: "FRZ", manufacturer: "Thermo Fisher Scientific", name: "TSX Series −80 °C Ultra-Low Freezer",
    description: "Upright ultra-low temperature freezer for sample storage.",
    tasks: {
      DAILY: [reading("Display temperature", "°C", -86, -74, s(-80, 1.4)), check("Alarm panel shows no alarm")],
      MONTHLY: [check("Door gaskets wiped and frost removed"), check("Condenser filter cleaned"), reading("Independent probe temperature", "°C", -86, -74, s(-79.5, 1.2))],
      QUARTERLY: [check("High-temperature alarm tested, remote notification received"), check("Backup battery test passed")],
    },
  },
  {
    code: "INC", manufacturer: "Thermo Fisher Scientific", name: "Heracell VIOS 160i CO₂ Incubator",
    description: "Cell culture incubator with CO₂ control and copper interior.",
    tasks: {
      DAILY: [reading("Chamber temperature", "°C", 36.5, 37.5, s(37, 0.15)), reading("CO₂ concentration", "%", 4.7, 5.3, s(5, 0.1)), check("Water pan filled")],
      MONTHLY: [check("Interior decontaminated (70 % ethanol)"), check("Water pan emptied, cleaned and refilled with sterile water")],
      QUARTERLY: [reading("CO₂ deviation against calibrated analyser", "%", -0.3, 0.3, s(0, 0.1)), reading("Temperature deviation against reference thermometer", "°C", -0.3, 0.3, s(0, 0.1))],
    },
  },
  {
    code: "BSC", manufacturer: "Thermo Fisher Scientific", name: "Herasafe 2030i Biosafety Cabinet Class II",
    description: "Class II microbiological safety cabinet (EN 12469).",
    tasks: {
      WEEKLY: [check("Airflow alarm tested"), check("Work surface and sump disinfected"), check("Front window clean, no cracks")],
      MONTHLY: [reading("Inflow velocity", "m/s", 0.4, 0.6, s(0.48, 0.03, 2)), reading("Downflow velocity", "m/s", 0.25, 0.5, s(0.35, 0.03, 2)), reading("UV lamp operating hours", "h", undefined, 9000, s(4200, 600, 0))],
      ANNUAL: [check("Certified to EN 12469 (filter integrity, airflow, containment)"), text("Certificate number")],
    },
  },
  {
    code: "CFG", manufacturer: "Eppendorf", name: "Centrifuge 5810 R (refrigerated)",
    description: "Benchtop refrigerated centrifuge, swing-bucket and fixed-angle rotors.",
    tasks: {
      WEEKLY: [check("Chamber and rotor cleaned, no residue"), check("Lid lock and seal inspected"), reading("Chamber temperature at 4 °C setpoint", "°C", 2, 6, s(4, 0.6))],
      MONTHLY: [reading("Speed deviation from setpoint (tachometer)", "%", -2, 2, s(0, 0.6)), check("Rotors and buckets inspected for corrosion and cracks")],
      ANNUAL: [check("Manufacturer service visit completed"), text("Service report reference")],
    },
  },
  {
    code: "ACL", manufacturer: "Tuttnauer", name: "3870 ELV Autoclave",
    description: "Benchtop steam steriliser for media and waste.",
    tasks: {
      WEEKLY: [check("Bowie-Dick test passed"), check("Chamber and drain strainer cleaned"), reading("Sterilisation temperature reached", "°C", 121, 124, s(122, 0.5))],
      MONTHLY: [check("Biological indicator (G. stearothermophilus) negative"), reading("Holding pressure", "bar", 1.0, 1.2, s(1.1, 0.03, 2))],
      ANNUAL: [check("Pressure vessel inspection passed"), text("Inspection certificate number")],
    },
  },
  {
    code: "PHM", manufacturer: "Mettler Toledo", name: "SevenCompact S210 pH Meter",
    description: "Benchtop pH / mV meter with InLab Expert Pro electrode.",
    tasks: {
      WEEKLY: [reading("Calibration slope", "%", 95, 105, s(99, 1.5)), reading("Offset", "mV", -20, 20, s(2, 5, 0)), reading("pH 7.00 check buffer", "pH", 6.98, 7.02, s(7, 0.008, 2))],
      MONTHLY: [check("Electrode cleaned and storage solution replaced")],
    },
  },
  {
    code: "BAL", manufacturer: "Sartorius", name: "Cubis II MCA225S Analytical Balance",
    description: "Semi-micro analytical balance, 220 g × 0.01 mg.",
    tasks: {
      WEEKLY: [check("Level bubble centred"), reading("Calibration error with 100 g E2 weight", "mg", -0.2, 0.2, s(0, 0.07, 2))],
      MONTHLY: [reading("Repeatability, 10 × 50 g (standard deviation)", "mg", undefined, 0.1, s(0.04, 0.015, 3)), reading("Eccentricity error", "mg", -0.3, 0.3, s(0, 0.08, 2))],
      ANNUAL: [check("Calibrated by accredited laboratory (ISO/IEC 17025)"), text("Calibration certificate number")],
    },
  },
  {
    code: "HOOD", manufacturer: "Waldner", name: "Secuflow Fume Cupboard",
    description: "Ducted chemical fume cupboard with airflow monitor (EN 14175).",
    tasks: {
      MONTHLY: [check("Sash moves freely and airflow alarm works")],
      QUARTERLY: [reading("Face velocity at working sash height", "m/s", 0.4, 0.6, s(0.5, 0.04, 2)), check("Smoke test: no spillage")],
      ANNUAL: [check("EN 14175 performance test passed")],
    },
  },
  {
    code: "HPLC", manufacturer: "Agilent", name: "1260 Infinity II HPLC",
    description: "Quaternary HPLC with diode-array detector.",
    tasks: {
      WEEKLY: [check("Pumps purged, no leaks"), reading("System pressure, reference method", "bar", 180, 220, s(200, 6, 0))],
      MONTHLY: [check("Solvent inlet frits and seal wash replaced"), reading("Detector lamp intensity (254 nm)", "counts", 8000, undefined, s(14000, 1500, 0))],
      QUARTERLY: [reading("Flow rate accuracy", "%", -1, 1, s(0, 0.3, 2))],
      ANNUAL: [check("Preventive maintenance kit fitted by service engineer"), text("Service report reference")],
    },
  },
  {
    code: "PCR", manufacturer: "Bio-Rad", name: "C1000 Touch Thermal Cycler",
    description: "96-well thermal cycler.",
    tasks: {
      MONTHLY: [check("Block and heated lid cleaned"), check("Self-test passed")],
      QUARTERLY: [reading("Well-to-well uniformity at 95 °C (max deviation)", "°C", undefined, 0.5, s(0.25, 0.08, 2))],
      ANNUAL: [check("Temperature verification by service engineer")],
    },
  },
  {
    code: "SPC", manufacturer: "Thermo Fisher Scientific", name: "NanoDrop One Spectrophotometer",
    description: "Micro-volume UV-Vis spectrophotometer.",
    tasks: {
      MONTHLY: [check("Pedestals cleaned and reconditioned"), reading("Absorbance accuracy, PV-1 standard (deviation)", "%", -3, 3, s(0, 0.9)), reading("Wavelength accuracy", "nm", -1, 1, s(0, 0.3))],
    },
  },
  {
    code: "PIP", manufacturer: "Eppendorf", name: "Research plus 100–1000 µL Pipette",
    description: "Single-channel adjustable pipette (ISO 8655).",
    tasks: {
      QUARTERLY: [reading("Systematic error at 1000 µL (gravimetric)", "%", -0.6, 0.6, s(0, 0.2, 2)), reading("Random error at 1000 µL (CV)", "%", undefined, 0.2, s(0.08, 0.03, 2)), check("Leak test passed")],
      ANNUAL: [check("Full ISO 8655 calibration"), text("Calibration certificate number")],
    },
  },
  {
    code: "REF", manufacturer: "Liebherr", name: "LKPv 6520 Laboratory Refrigerator",
    description: "2–8 °C refrigerator for reagents.",
    tasks: {
      DAILY: [reading("Temperature", "°C", 2, 8, s(5, 0.8))],
      MONTHLY: [check("Shelves cleaned, expired reagents removed"), check("Door seal intact")],
    },
  },
];
