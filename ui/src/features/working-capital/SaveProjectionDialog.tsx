import { type FormEvent, useState } from "react";
import { type CashRequest, type SavedProjection, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { Button, Dialog, ErrorBanner, TextField } from "../../shared/ui";
import { DEFAULT_MONTHS, DEFAULT_SCENARIO, NO_DRIVERS, driversText } from "./drivers";
import { granularityOf, periodCount, periodsText } from "./periods";

/** Rust's longest name for a saved projection. */
const MAX_NAME = 100;

/**
 * Names the projection on screen and saves it: its scenario, drivers, FX change, months, periods
 * and simulations, with the forecasts, settings and rates it read, so that it can be reproduced.
 */
export function SaveProjectionDialog({
  request,
  onClose,
  onSaved,
}: {
  /** The request on screen when the dialog opened. */
  request: CashRequest;
  onClose: () => void;
  onSaved: (saved: SavedProjection) => void;
}) {
  const { locale } = useLocale();
  const call = useCommandCall();
  const [name, setName] = useState("");
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    const res = await call(() => commands.saveCashProjection(name.trim(), request), "save the projection", { name: "Name" });
    setBusy(false);
    if (res.ok) onSaved(res.data);
    else setError(res.error);
  };

  const drivers = driversText({ drivers: request.drivers ?? NO_DRIVERS.drivers, fxChange: request.fxChange ?? NO_DRIVERS.fxChange }, locale);
  const granularity = granularityOf(request.granularity);
  const horizon = periodsText(periodCount(granularity, request.months ?? DEFAULT_MONTHS), granularity, locale);
  const simulated = (request.simulations ?? 0) > 0 ? ", with the shortfall risk simulated" : "";
  // A taken or refused name belongs under the field; anything else above the buttons.
  const nameError = error?.field === "name" ? error.message : undefined;
  return (
    <Dialog open title="Save projection" onClose={onClose} testId="save-projection-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p data-testid="save-projection-what">
          The {request.scenario ?? DEFAULT_SCENARIO} scenario over {horizon}, {drivers}
          {simulated}. The forecasts, finance settings and exchange rates it reads now are kept with it, so that it can be reproduced
          later; its name can then be chosen as a scenario.
        </p>
        <TextField
          label="Name"
          hint="Up to 100 characters, not the name of a built-in scenario, e.g. “Q3 plan with slower collections”."
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (error) setError(null);
          }}
          maxLength={MAX_NAME}
          autoComplete="off"
          autoFocus
          required
          error={nameError}
          data-testid="save-projection-name"
        />
        {error && !nameError ? <ErrorBanner error={error} testId="save-projection-error" /> : null}
        <div className="dialog-footer">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!name.trim()} data-testid="save-projection-confirm">
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
