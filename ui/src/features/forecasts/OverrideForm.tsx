import { type FormEvent, type KeyboardEvent, useId, useState } from "react";
import { type ForecastPoint, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { Button, ErrorBanner, TextField } from "../../shared/ui";
import { type OverrideErrors, type OverrideFields, initialOverrideValue, toOverrideRequest } from "./override";

/**
 * Replaces one period's forecast with a planner's figure and the reason for it. Enter saves,
 * Escape cancels; a refusal is shown on the field it concerns.
 */
export function OverrideForm({
  point,
  periodText,
  onCancel,
  onSaved,
}: {
  point: ForecastPoint;
  /** The period in words, for the form's name. */
  periodText: string;
  onCancel: () => void;
  onSaved: (value: number) => Promise<void> | void;
}) {
  const call = useCommandCall();
  const headingId = useId();
  const [fields, setFields] = useState<OverrideFields>({ value: initialOverrideValue(point.value), reason: point.overrideReason ?? "" });
  const [errors, setErrors] = useState<OverrideErrors>({});
  const [failure, setFailure] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof OverrideFields, value: string) => {
    setFields((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const built = toOverrideRequest(point.id, fields);
    if ("errors" in built) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setFailure(null);
    const res = await call(commands.overrideForecast(built.request), "save the override", { value: "Value", reason: "Reason" });
    setBusy(false);
    if (res.ok) {
      await onSaved(built.request.value);
      return;
    }
    const field = res.error.field;
    if (field === "value" || field === "reason") setErrors({ [field]: res.error.message });
    else setFailure(res.error);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate aria-labelledby={headingId} data-testid="override-form">
      <p id={headingId}>
        <strong>Override {periodText}</strong>{" "}
        <span className="muted">The model's figure is kept beside yours; Escape cancels.</span>
      </p>
      <div className="form-grid">
        <TextField
          label="Units"
          value={fields.value}
          onChange={(e) => set("value", e.target.value)}
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          hint="A whole number, 0 or more."
          error={errors.value}
          data-testid="override-value"
        />
        <TextField
          label="Reason"
          value={fields.reason}
          onChange={(e) => set("reason", e.target.value)}
          autoComplete="off"
          hint="Required: kept with the figure and shown to the approver."
          error={errors.reason}
          data-testid="override-reason"
        />
      </div>
      {failure ? <ErrorBanner error={failure} testId="override-error" /> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid="override-save">
          Save
        </Button>
        <Button onClick={onCancel} data-testid="override-cancel">
          Cancel
        </Button>
      </div>
    </form>
  );
}
