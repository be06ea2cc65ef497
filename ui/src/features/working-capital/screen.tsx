import type { ScreenEntry } from "../../shared/screen";
import { WorkingCapitalScreen } from "./WorkingCapitalScreen";

// Managers and analysts see the company's cash; viewers do not (Rust refuses them the
// projection too). The charts load their library in their own chunk.
export const screen: ScreenEntry = {
  path: "/working-capital",
  label: "Working capital",
  shortcut: "w",
  permission: "working_capital.view",
  forbiddenName: "working capital",
  component: WorkingCapitalScreen,
};
