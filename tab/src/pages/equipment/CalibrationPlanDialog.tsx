import { Controller, useForm } from "react-hook-form";
import { Checkbox, Field, Input, Select, Textarea } from "@fluentui/react-components";
import { CalibrationPlanInput } from "../../../../domain/calibration/calibration.schemas.ts";
import { INTERVAL_UNITS } from "../../../../domain/calibration/interval.ts";
import { api } from "../../api/client.ts";
import type { CalibrationRegister } from "../../api/types.ts";
import { FormDialog } from "../../components/FormDialog.tsx";
import { useSubmit } from "../../components/useLoad.ts";
import { domainResolver, maxLengthOf, orNull, problem } from "../../components/form.ts";

interface PlanForm {
  intervalCount: string;
  intervalUnit: string;
  noticeDays: string;
  provider: string;
  providerName: string;
  acceptanceCriteria: string;
  referenceStandard: boolean;
  nextDueOn: string;
}

const UNIT_TEXT: Record<(typeof INTERVAL_UNITS)[number], string> = { DAY: "days", WEEK: "weeks", MONTH: "months", YEAR: "years" };
const whole = (text: string) => (text.trim() === "" ? undefined : Number(text));
const max = (field: keyof PlanForm) => maxLengthOf(CalibrationPlanInput, field);

/**
 * Sets up or changes an instrument's calibration plan (R-CAL), checked with the domain's own
 * schema. The PUT replaces the plan, so settings this dialog does not show (firmware, reference
 * material, maintenance plan, active) are sent back as they are. A first due date only for an
 * instrument never calibrated in Labkeep: afterwards it follows from the calibrations.
 */
export function CalibrationPlanDialog({ equipmentId, assetTag, plan, onClose, onSaved }: {
  equipmentId: number;
  assetTag: string;
  plan: CalibrationRegister["plan"];
  onClose: () => void;
  onSaved: () => void;
}) {
  const firstDue = !plan?.lastCalibratedOn;
  const defaults: PlanForm = {
    intervalCount: String(plan?.intervalCount ?? 12),
    intervalUnit: plan?.intervalUnit ?? "MONTH",
    noticeDays: String(plan?.noticeDays ?? 30),
    provider: plan?.provider ?? "INTERNAL",
    providerName: plan?.providerName ?? "",
    acceptanceCriteria: plan?.acceptanceCriteria ?? "",
    referenceStandard: plan?.referenceStandard ?? false,
    nextDueOn: plan && firstDue ? plan.nextDueOn : "",
  };
  const { control, register, handleSubmit, watch, formState: { errors } } = useForm<PlanForm, unknown, CalibrationPlanInput>({
    defaultValues: defaults,
    resolver: domainResolver(CalibrationPlanInput, (form: PlanForm) => ({
      intervalCount: whole(form.intervalCount),
      intervalUnit: form.intervalUnit,
      noticeDays: whole(form.noticeDays),
      provider: form.provider,
      providerName: orNull(form.providerName),
      acceptanceCriteria: orNull(form.acceptanceCriteria),
      referenceStandard: form.referenceStandard,
      firmwareVersion: plan?.firmwareVersion ?? null,
      referenceMaterial: plan?.referenceMaterial ?? null,
      maintenancePlan: plan?.maintenancePlan ?? null,
      active: plan?.active ?? true,
      ...(firstDue && form.nextDueOn ? { nextDueOn: form.nextDueOn } : {}),
    }), { intervalCount: "A whole number of units, at least 1.", noticeDays: "Whole days, 0 to 366.", nextDueOn: "Enter a date." }),
  });
  const submit = useSubmit();
  const external = watch("provider") === "EXTERNAL";
  const save = handleSubmit(async (body) => {
    if (await submit.run(() => api.put(`/api/equipment/${equipmentId}/calibration`, body))) onSaved();
  });
  return (
    <FormDialog title={`${plan ? "Calibration plan of" : "Add to the calibration register:"} ${assetTag}`} submitLabel={plan ? "Save plan" : "Add to register"} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onClose={onClose}>
      <Field label="Interval" required validationMessage={problem(errors, "intervalCount") ?? problem(errors, "intervalUnit")}>
        <div style={{ display: "flex", gap: 8 }}>
          <Input aria-label="Interval count" type="number" min={1} inputMode="numeric" {...register("intervalCount")} defaultValue={defaults.intervalCount} />
          <Select aria-label="Interval unit" {...register("intervalUnit")} defaultValue={defaults.intervalUnit}>
            {INTERVAL_UNITS.map((u) => <option key={u} value={u}>{UNIT_TEXT[u]}</option>)}
          </Select>
        </div>
      </Field>
      <Field label="Advance notice (days before due)" required validationMessage={problem(errors, "noticeDays")}>
        <Input type="number" min={0} inputMode="numeric" {...register("noticeDays")} defaultValue={defaults.noticeDays} />
      </Field>
      <Field label="Provider" required validationMessage={problem(errors, "provider")}>
        <Select {...register("provider")} defaultValue={defaults.provider}>
          <option value="INTERNAL">Internal (this lab)</option>
          <option value="EXTERNAL">External (calibration laboratory)</option>
        </Select>
      </Field>
      {external && (
        <Field label="Provider name" required validationMessage={problem(errors, "providerName")}>
          <Input {...register("providerName")} defaultValue={defaults.providerName} maxLength={max("providerName")} />
        </Field>
      )}
      <Field label="Acceptance criteria" validationMessage={problem(errors, "acceptanceCriteria")}>
        <Textarea {...register("acceptanceCriteria")} defaultValue={defaults.acceptanceCriteria} maxLength={max("acceptanceCriteria")} />
      </Field>
      <Controller control={control} name="referenceStandard" render={({ field }) => (
        <Checkbox label="Reference standard (other instruments are calibrated against it)" checked={field.value} onChange={(_, d) => field.onChange(d.checked === true)} onBlur={field.onBlur} name={field.name} />
      )} />
      {firstDue && (
        <Field label="First due date" hint="Never calibrated in Labkeep: when the first calibration is due (today when blank)." validationMessage={problem(errors, "nextDueOn")}>
          <Input type="date" {...register("nextDueOn")} defaultValue={defaults.nextDueOn} />
        </Field>
      )}
    </FormDialog>
  );
}
