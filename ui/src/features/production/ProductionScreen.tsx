import { useState } from "react";
import { permissionLabel } from "../../shared/permissions";
import { hasPermission, useSession } from "../../shared/session";
import { type TabDef, Tabs, useUrlTab } from "../../shared/Tabs";
import { SelectField } from "../../shared/ui";
import { CapacityPanel } from "./CapacityPanel";
import { SchedulePanel } from "./SchedulePanel";

type ProductionTab = "schedule" | "capacity";

const TABS: readonly [TabDef<ProductionTab>, ...TabDef<ProductionTab>[]] = [
  { id: "schedule", label: "Schedule" },
  { id: "capacity", label: "Capacity" },
];

// Rust shows capacity for up to 26 weeks.
const WEEK_CHOICES = [4, 8, 13, 26];
const DEFAULT_WEEKS = 8;

/**
 * The production schedule, where planners start, complete and cancel jobs, and each
 * resource's load week by week against its capacity, with the jobs that could move out of
 * over-booked weeks.
 */
export function ProductionScreen() {
  const { session } = useSession();
  const canRun = hasPermission(session, "forecast.run");
  const [tab, choose] = useUrlTab(TABS);
  const [weeks, setWeeks] = useState(DEFAULT_WEEKS);

  return (
    <div className="page production" data-testid="production">
      <h1>Production</h1>
      {canRun ? null : (
        <p className="muted" data-testid="production-permission-note">
          You can read the schedule and capacity; starting, completing and cancelling jobs needs “{permissionLabel("forecast.run")}”.
        </p>
      )}
      <div className="filters" role="group" aria-label="Weeks shown">
        <SelectField
          label="Weeks ahead"
          hint="The schedule lists the jobs planned in these weeks and every unfinished job; capacity shows these weeks."
          value={String(weeks)}
          onChange={(e) => setWeeks(Number(e.target.value))}
          data-testid="production-weeks"
        >
          {WEEK_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n} weeks
            </option>
          ))}
        </SelectField>
      </div>
      <Tabs name="production" label="Production" tabs={TABS} current={tab} onChoose={choose}>
        {tab === "schedule" ? <SchedulePanel weeks={weeks} canRun={canRun} /> : <CapacityPanel weeks={weeks} canRun={canRun} />}
      </Tabs>
    </div>
  );
}
