import { type FormEvent, type KeyboardEvent, type ReactNode, useId, useState } from "react";
import { type CommandResult, type ForecastPoint, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import { useConnectivity } from "../../shared/connectivity";
import type { UserError } from "../../shared/errors";
import { Button, ErrorBanner, TextField } from "../../shared/ui";
import { type OverrideErrors, type OverrideFields, initialOverrideValue, toOverrideRequest } from "./override";

/**
 * Replaces one period's forecast with a planner's figure and the reason for it. Enter saves,
 * Escape cancels; a refusal is shown on the field it concerns. While the server cannot be
 * reached the override is still sent: Rust keeps it on this computer and applies it when the
 * server answers, and `onSaved` hears that it was `queued`.
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
  onSaved: (value: number, queued: boolean) => Promise<void> | void;
}) {
  const { online } = useConnectivity();
  return (
    <OverrideEditor
      title={`Override ${periodText}`}
      note={
        online
          ? "The model's figure is kept beside yours; Escape cancels."
          : "Offline: your figure is kept on this computer and sent when the server answers; Escape cancels."
      }
      initial={{ value: initialOverrideValue(point.value), reason: point.overrideReason ?? "" }}
      valueLabel="Units"
      reasonHint="Required: kept with the figure and shown to the approver."
      testIdPrefix="override"
      prepare={(fields) => {
        const built = toOverrideRequest(point, fields);
        return "errors" in built
          ? built
          : { value: built.request.value, send: () => commands.overrideForecast(built.request), queueable: true };
      }}
      onCancel={onCancel}
      onSaved={(value, saved) => onSaved(value, saved.queued)}
    />
  );
}

/**
 * What a form's fields become: a call to send, or what is wrong with each field. A `queueable`
 * call is sent even offline, because Rust keeps it until the server answers; any other is
 * refused offline without being sent.
 */
export type PreparedOverride<T> = { value: number; send: () => Promise<CommandResult<T>>; queueable?: boolean } | { errors: OverrideErrors };

/**
 * The units-and-reason form of every override (one period of a series, or of an aggregate):
 * `prepare` checks the fields and builds the call; Rust's refusal of `value` or `reason` is
 * shown on that field, anything else above the buttons. Test ids are `<testIdPrefix>-value`,
 * `-reason`, `-save`, `-cancel`, `-error` and `-form`.
 */
export function OverrideEditor<T>({
  title,
  note,
  initial,
  valueLabel,
  reasonHint,
  testIdPrefix,
  prepare,
  onCancel,
  onSaved,
}: {
  title: string;
  /** One line under the title: what saving does. */
  note: ReactNode;
  initial: OverrideFields;
  valueLabel: string;
  reasonHint: string;
  testIdPrefix: string;
  prepare: (fields: OverrideFields) => PreparedOverride<T>;
  onCancel: () => void;
  onSaved: (value: number, data: T) => Promise<void> | void;
}) {
  const call = useCommandCall();
  const headingId = useId();
  const [fields, setFields] = useState<OverrideFields>(initial);
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
    const prepared = prepare(fields);
    if ("errors" in prepared) {
      setErrors(prepared.errors);
      return;
    }
    setBusy(true);
    setFailure(null);
    // useCommandCall awaits a call given as a promise even offline, and makes one given as a
    // function only online.
    const send = prepared.queueable ? prepared.send() : prepared.send;
    const res = await call(send, "save the override", { value: valueLabel, reason: "Reason", period: "Period" });
    setBusy(false);
    if (res.ok) {
      await onSaved(prepared.value, res.data);
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
    <form onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate aria-labelledby={headingId} data-testid={`${testIdPrefix}-form`}>
      <p id={headingId}>
        <strong>{title}</strong>{" "}
        <span className="muted" data-testid={`${testIdPrefix}-note`}>
          {note}
        </span>
      </p>
      <div className="form-grid">
        <TextField
          label={valueLabel}
          value={fields.value}
          onChange={(e) => set("value", e.target.value)}
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          hint="A whole number, 0 or more."
          error={errors.value}
          data-testid={`${testIdPrefix}-value`}
        />
        <TextField
          label="Reason"
          value={fields.reason}
          onChange={(e) => set("reason", e.target.value)}
          autoComplete="off"
          hint={reasonHint}
          error={errors.reason}
          data-testid={`${testIdPrefix}-reason`}
        />
      </div>
      {failure ? <ErrorBanner error={failure} testId={`${testIdPrefix}-error`} /> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid={`${testIdPrefix}-save`}>
          Save
        </Button>
        <Button onClick={onCancel} data-testid={`${testIdPrefix}-cancel`}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
