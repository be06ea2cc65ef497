import { ComingSoon } from "../../shared/ComingSoon";
import type { ScreenEntry } from "../../shared/screen";

function WorkingCapitalScreen() {
  return (
    <ComingSoon
      testId="working-capital"
      title="Working capital"
      description="Cash conversion cycle, receivables, payables and the cash timeline will appear here."
    />
  );
}

// No permission yet: the placeholder shows no data. The real screen will need working_capital.view.
export const screen: ScreenEntry = {
  path: "/working-capital",
  label: "Working capital",
  shortcut: "w",
  component: WorkingCapitalScreen,
};
